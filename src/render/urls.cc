#include "render/urls.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace annals {

AddressOwner DescribeAddress(std::string_view path) {
  constexpr std::string_view kIndex = "index.html";
  if (path.size() < kIndex.size() || path.substr(path.size() - kIndex.size()) != kIndex) return {};
  std::string_view folder = path.substr(0, path.size() - kIndex.size());
  if (folder.empty()) return {"the home page", ""};
  std::vector<std::string_view> parts;
  for (size_t start = 0; start < folder.size();) {
    size_t slash = folder.find('/', start);
    parts.push_back(folder.substr(start, slash - start));
    start = slash + 1;
  }
  static constexpr std::pair<std::string_view, Kind> kFolders[] = {
      {"people", Kind::kPerson},      {"meetings", Kind::kMeeting},   {"actions", Kind::kAction},
      {"briefings", Kind::kBriefing}, {"questions", Kind::kQuestion}, {"documents", Kind::kDoc},
      {"recommendations", Kind::kSet}};
  for (auto [name, kind] : kFolders) {
    if (parts[0] != name) continue;
    if (parts.size() == 1) return {"the " + std::string(name) + " index", ""};
    // A page of a long index (render/paging.h).
    if (parts.size() == 3 && parts[1] == "page" && !parts[2].empty() &&
        parts[2].find_first_not_of("0123456789") == std::string_view::npos &&
        (kind == Kind::kMeeting || kind == Kind::kQuestion || kind == Kind::kBriefing ||
         kind == Kind::kAction))
      return {"page " + std::string(parts[2]) + " of the " + std::string(name) + " index", "",
              "the index"};
    // A page after the first of a person's or a recommendation's page (render/pages.cc,
    // PersonLists and RecommendationLists).
    const size_t pages_at = kind == Kind::kPerson ? 2 : kind == Kind::kSet ? 3 : 0;
    if (pages_at > 0 && parts.size() == pages_at + 2 && parts[pages_at] == "page" &&
        !parts[pages_at + 1].empty() &&
        parts[pages_at + 1].find_first_not_of("0123456789") == std::string_view::npos) {
      const std::string record = kind == Kind::kPerson ? "person '" + std::string(parts[1]) + "'"
                                                       : std::string(KindNoun(Kind::kRec)) + " '" +
                                                             std::string(parts[1]) + "-" +
                                                             std::string(parts[2]) + "'";
      return {"page " + std::string(parts[pages_at + 1]) + " of " + record, "", record};
    }
    if (kind == Kind::kSet && parts.size() == 3)  // a single recommendation takes no aliases
      return {std::string(KindNoun(Kind::kRec)) + " '" + std::string(parts[1]) + "-" +
                  std::string(parts[2]) + "'",
              ""};
    if (parts.size() == 2)
      return {std::string(KindNoun(kind)) + " '" + std::string(parts[1]) + "'",
              std::string(parts[1])};
  }
  return {"the page " + std::string(folder), ""};
}

std::string RecordPathFor(Kind kind, std::string_view id, std::string_view set) {
  std::string path;
  switch (kind) {
    case Kind::kPerson:
      path = "people/";
      break;
    case Kind::kSet:
      path = "recommendations/";
      break;
    case Kind::kRec: {
      std::string_view number = id.substr(std::min(id.size(), set.size() + 1));
      return "recommendations/" + std::string(set) + "/" + std::string(number) + "/";
    }
    case Kind::kMeeting:
      path = "meetings/";
      break;
    case Kind::kAction:
      path = "actions/";
      break;
    case Kind::kBriefing:
      path = "briefings/";
      break;
    case Kind::kQuestion:
      path = "questions/";
      break;
    case Kind::kDoc:
      path = "documents/";
      break;
  }
  return path + std::string(id) + "/";
}

std::string RecordPath(const Archive& archive, RecordId record) {
  LinkRead read(record.kind, record.index);
  std::string_view set;
  if (record.kind == Kind::kRec) set = archive.sets[archive.recommendations[record.index].set].id;
  return RecordPathFor(record.kind, archive.IdOf(record), set);
}

namespace {

std::string MeetingLabel(const Meeting& m) {
  if (!m.number) return m.title;
  const char* kind = "Meeting";
  switch (m.kind) {
    case MeetingKind::kPlenary:
      kind = "Plenary";
      break;
    case MeetingKind::kLeadership:
      kind = "Leadership meeting";
      break;
    case MeetingKind::kFaceToFace:
      kind = "Face-to-face meeting";
      break;
    case MeetingKind::kOther:
      break;
  }
  return std::string(kind) + " #" + std::to_string(*m.number);
}

std::string SetName(const RecommendationSet& set) {
  return set.short_name.empty() ? set.title : set.short_name;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

}  // namespace

std::string RecordLabel(const Archive& a, RecordId r) {
  LinkRead read(r.kind, r.index);
  switch (r.kind) {
    case Kind::kPerson:
      return a.people[r.index].name;
    case Kind::kSet:
      return SetName(a.sets[r.index]);
    case Kind::kRec: {
      const Recommendation& rec = a.recommendations[r.index];
      return SetName(a.sets[rec.set]) + " Recommendation " + rec.number;
    }
    case Kind::kMeeting:
      return MeetingLabel(a.meetings[r.index]);
    case Kind::kAction:
      return "Action item " + a.actions[r.index].id;
    case Kind::kBriefing:
      return a.briefings[r.index].title;
    case Kind::kQuestion: {
      const Question& q = a.questions[r.index];
      return Upper(a.briefings[q.briefing].prefix) + " question " + q.number;
    }
    case Kind::kDoc:
      return a.documents[r.index].title;
  }
  return "";
}

std::string RootPrefix(std::string_view from) {
  std::string prefix;
  for (char c : from)
    if (c == '/') prefix += "../";
  return prefix;
}

std::string AbsoluteUrl(std::string_view base_url, std::string_view path) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url) + "/" + std::string(path);
}

std::string RelativeHref(std::string_view from, std::string_view to) {
  size_t hash = to.find('#');
  std::string_view path = to.substr(0, hash);
  std::string_view fragment = hash == std::string_view::npos ? "" : to.substr(hash);
  std::string href = RootPrefix(from);
  href += path;
  if (IsFolder(path)) href += "index.html";
  href += fragment;
  return href;
}

}  // namespace annals
