// Whether the lengths written inside a record's body account for exactly the
// bytes its header gave it. A damaged header length shows up here: the body
// then ends before or after the structure it holds (a record that swallowed
// its successors carries them as trailing bytes). Readers that decode records
// away from the framing thread use this to decide which records may need the
// framing to resynchronise inside them, and keep those on the framing thread.
#pragma once
#include "mrt/record.h"

namespace dw::mrt {

// True when the body's own lengths end exactly at its end, or the record is of
// a kind that is skipped rather than decoded. False for anything doubtful
// (including the old type-5 records), which is always the safe answer.
bool body_lengths_agree(const RawRecord& raw);

}  // namespace dw::mrt
