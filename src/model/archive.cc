#include "model/archive.h"

namespace annals {

const char* ActionStatusName(ActionStatus s) {
  switch (s) {
    case ActionStatus::kOpen:
      return "open";
    case ActionStatus::kInProgress:
      return "in-progress";
    case ActionStatus::kDone:
      return "done";
    case ActionStatus::kDropped:
      return "dropped";
  }
  return "";
}

const char* MeetingKindName(MeetingKind k) {
  switch (k) {
    case MeetingKind::kPlenary:
      return "plenary";
    case MeetingKind::kLeadership:
      return "leadership";
    case MeetingKind::kFaceToFace:
      return "face-to-face";
    case MeetingKind::kOther:
      return "other";
  }
  return "";
}

const char* QuestionStatusName(QuestionStatus s) {
  switch (s) {
    case QuestionStatus::kOpen:
      return "open";
    case QuestionStatus::kAnswered:
      return "answered";
    case QuestionStatus::kReframed:
      return "reframed";
    case QuestionStatus::kWithdrawn:
      return "withdrawn";
  }
  return "";
}

const char* KindKeyword(Kind kind) {
  switch (kind) {
    case Kind::kPerson:
      return "person";
    case Kind::kSet:
      return "set";
    case Kind::kRec:
      return "rec";
    case Kind::kMeeting:
      return "meeting";
    case Kind::kAction:
      return "action";
    case Kind::kBriefing:
      return "briefing";
    case Kind::kQuestion:
      return "question";
    case Kind::kDoc:
      return "doc";
  }
  return "";
}

const char* KindNoun(Kind kind) {
  switch (kind) {
    case Kind::kPerson:
      return "person or group";
    case Kind::kSet:
      return "recommendation set";
    case Kind::kRec:
      return "recommendation";
    case Kind::kMeeting:
      return "meeting";
    case Kind::kAction:
      return "action item";
    case Kind::kBriefing:
      return "briefing";
    case Kind::kQuestion:
      return "question";
    case Kind::kDoc:
      return "document";
  }
  return "";
}

const std::string& Archive::IdOf(RecordId r) const {
  LinkRead read(r.kind, r.index);  // an id is in its record's address
  switch (r.kind) {
    case Kind::kPerson:
      return people[r.index].id;
    case Kind::kSet:
      return sets[r.index].id;
    case Kind::kRec:
      return recommendations[r.index].id;
    case Kind::kMeeting:
      return meetings[r.index].id;
    case Kind::kAction:
      return actions[r.index].id;
    case Kind::kBriefing:
      return briefings[r.index].id;
    case Kind::kQuestion:
      return questions[r.index].id;
    case Kind::kDoc:
      return documents[r.index].id;
  }
  static const std::string kNone;
  return kNone;  // unreachable: every Kind is handled above
}

}  // namespace annals
