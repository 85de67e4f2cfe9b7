#include "session/update_decode.h"

#include "bgp/reader.h"

namespace dw::session {

// The family of the first MP_REACH or MP_UNREACH in a raw attribute block,
// or -1 (none, or one we do not take). Damage is left to the real decode.
static int mp_family(std::span<const uint8_t> attrs) {
  size_t i = 0;
  while (i + 3 <= attrs.size()) {
    uint8_t flags = attrs[i], type = attrs[i + 1];
    size_t hdr = (flags & 0x10) ? 4 : 3;
    if (i + hdr > attrs.size()) return -1;
    size_t len = (flags & 0x10) ? (size_t{attrs[i + 2]} << 8 | attrs[i + 3]) : attrs[i + 2];
    if ((type == 14 || type == 15) && len >= 3 && i + hdr + 3 <= attrs.size()) {
      auto afi = static_cast<uint16_t>(attrs[i + hdr] << 8 | attrs[i + hdr + 1]);
      return family_index(afi, attrs[i + hdr + 2]);
    }
    i += hdr + len;
  }
  return -1;
}

std::optional<UpdateError> decode_session_update(std::span<const uint8_t> body, const std::array<bool, kFamilies>& addpath,
                                                 bool as4, bgp::Update& out) {
  out.clear();
  bgp::Reader r(body, bgp::kHeaderLen);
  auto fail = [](uint8_t sub, bgp::Error e) { return UpdateError{sub, std::move(e)}; };
  auto wlen = r.u16("withdrawn routes length");
  if (!wlen) return fail(1, wlen.error());
  auto w = r.sub(*wlen, "withdrawn routes");
  if (!w) return fail(1, w.error());
  auto alen = r.u16("path attributes length");
  if (!alen) return fail(1, alen.error());
  auto a = r.sub(*alen, "path attributes");
  if (!a) return fail(1, a.error());
  // RFC 7606 5.3: withdrawn routes we cannot parse make the message unusable
  if (auto st = bgp::decode_nlri(w->rest(), bgp::Afi::Ipv4, addpath[0], out.withdrawn, w->offset()); !st)
    return fail(1, st.error());
  bgp::DecodeContext ctx;
  ctx.as4 = as4;
  int f = mp_family(a->rest());
  ctx.addpath = f >= 0 && addpath[static_cast<size_t>(f)];
  if (auto st = bgp::decode_attributes(a->rest(), ctx, out.attrs, a->offset()); !st) return fail(1, st.error());
  if (auto st = bgp::decode_nlri(r.rest(), bgp::Afi::Ipv4, addpath[0], out.nlri, r.offset()); !st)
    return fail(10, st.error());
  // RFC 7606 3(d): routes without ORIGIN, AS_PATH or (IPv4 NLRI) NEXT_HOP are withdrawn
  using bgp::AttrType;
  auto& at = out.attrs;
  bool reach = !out.nlri.empty() || (at.has(AttrType::MpReach) && !at.mp_reach.nlri.empty());
  if (reach && at.outcome != bgp::Outcome::SessionReset) {
    const char* missing = !at.has(AttrType::Origin) ? "ORIGIN"
                          : !at.has(AttrType::AsPath) ? "AS_PATH"
                          : (!out.nlri.empty() && !at.has(AttrType::NextHop)) ? "NEXT_HOP"
                                                                             : nullptr;
    if (missing) {
      at.warnings.push_back(std::string("mandatory attribute ") + missing + " missing");
      at.outcome = bgp::Outcome::TreatAsWithdraw;
    }
  }
  return {};
}

}  // namespace dw::session
