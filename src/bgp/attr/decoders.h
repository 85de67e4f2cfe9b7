// One decoder per attribute, each in the file named by its type code.
// Each reads exactly the attribute's value through a Reader limited to it.
#pragma once
#include "bgp/attributes.h"
#include "bgp/reader.h"

namespace dw::bgp::attr {

Status decode_origin(Reader r, const DecodeContext&, Attributes& a);
Status decode_as_path(Reader r, const DecodeContext& ctx, AsPath& out, bool four_byte);
Status decode_next_hop(Reader r, const DecodeContext&, Attributes& a);
Status decode_med(Reader r, const DecodeContext&, Attributes& a);
Status decode_local_pref(Reader r, const DecodeContext&, Attributes& a);
Status decode_atomic_aggregate(Reader r, const DecodeContext&, Attributes& a);
Status decode_aggregator(Reader r, Aggregator& out, bool four_byte);
Status decode_communities(Reader r, const DecodeContext&, Attributes& a);
Status decode_originator_id(Reader r, const DecodeContext&, Attributes& a);
Status decode_cluster_list(Reader r, const DecodeContext&, Attributes& a);
Status decode_mp_reach(Reader r, const DecodeContext& ctx, Attributes& a);
Status decode_mp_unreach(Reader r, const DecodeContext& ctx, Attributes& a);
Status decode_ext_communities(Reader r, const DecodeContext&, Attributes& a);
Status decode_large_communities(Reader r, const DecodeContext&, Attributes& a);
Status decode_only_to_customer(Reader r, const DecodeContext&, Attributes& a);
// RFC 6793 4.2.3: rebuild the path a 2-byte speaker carried in AS_PATH + AS4_PATH.
void merge_as4_path(Attributes& a);

// Reads an address of the given family (4 or 16 bytes).
Result<IpAddr> read_addr(Reader& r, Afi afi, const char* field);

}  // namespace dw::bgp::attr
