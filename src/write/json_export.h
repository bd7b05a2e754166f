// The resolved archive as one JSON document: every record with its source fields,
// resolved links (as ids) and derived facts. Markdown stays Markdown. "not recorded"
// is null; an empty list is a recorded "none". Keys keep a fixed order, so the same
// archive always gives the same bytes.
#pragma once

#include <string>

#include "model/archive.h"

namespace annals {

// Writes the document into `out`; each record is a piece (model/reads.h) named
// "<kind keyword>:<id>", appended by `piece`.
void ArchiveToJson(const Archive& archive, ByteOut& out, const MakePiece& piece);

}  // namespace annals
