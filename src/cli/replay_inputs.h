// The start of a replay, apart from its loop: finding the archive and saying
// what each collector starts from, so that an archive of updates alone or of
// one RIB dump is a run that says what it did, not a silent empty one.
#pragma once
#include <string>
#include <vector>

#include "mrt/archive.h"

namespace dw::cli {

// The collectors under paths; throws with what was looked for when there is
// none. Says on stderr which collectors start from updates alone (no RIB
// dump: routes are known as they are announced) or have no update files.
std::vector<mrt::CollectorArchive> find_replay_archive(const std::vector<std::string>& paths);

}  // namespace dw::cli
