// The resolve step: ids indexed, every reference resolved, backlinks and derived facts.
#pragma once

#include <functional>

#include "model/archive.h"
#include "util/diagnostics.h"

namespace annals {

// Resolves every reference in `*archive` (setting Ref::target), reporting duplicate ids,
// references that do not resolve and facts that contradict each other. Then fills every
// "Resolved" field of the model:
//
// - people: members, what they own, asked, answered, presented, attended, authored;
// - action items: status history (an implicit "open" at the origin meeting, then every
//   meeting's status updates in meeting order), current status, and whether overdue
//   relative to the archive's `as_of` date (never the clock);
// - questions: status (declared, else answered/open from the answers);
// - meetings: action items raised, briefings held, questions asked, previous/next;
// - a meeting *touches* a recommendation when anything in the meeting refers to the
//   recommendation, to a question about it, to a briefing with questions about it, or
//   to an action item related to it; or when a question about it was asked there, or an
//   action item related to it was raised or updated there. Recommendations list those
//   meetings, and meetings list those recommendations;
// - every record: where Markdown text and agenda `refs` mention it.
//
// Safe to call when loading reported errors: records that failed to load are absent,
// and references to them are reported as unresolved.
void ResolveArchive(Archive* archive, DiagnosticSink& sink);

// Calls `visit` for every reference in the archive, with the record that holds it and
// whether it is a mention (Markdown, or an agenda item's `refs`) rather than a typed
// field. References in archive.yaml have an owner index of -1.
using ReferenceVisitor = std::function<void(RecordId owner, Ref& ref, bool mention)>;
void VisitReferences(Archive& archive, const ReferenceVisitor& visit);
// The same, reading only.
using ConstReferenceVisitor = std::function<void(RecordId owner, const Ref& ref, bool mention)>;
void VisitReferences(const Archive& archive, const ConstReferenceVisitor& visit);

}  // namespace annals
