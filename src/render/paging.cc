#include "render/paging.h"

#include <algorithm>

namespace annals {

std::string IndexPagePath(const std::string& index_path, int page) {
  return page == 0 ? index_path : index_path + "page/" + std::to_string(page + 1) + "/";
}

Paging::Paging(std::string index_path, const std::vector<int>& rows, int per_page)
    : index_path_(std::move(index_path)), units_(static_cast<int>(rows.size())) {
  starts_.push_back(0);
  int taken = 0;
  for (int unit = 0; unit < units_; ++unit) {
    if (taken > 0 && taken + rows[unit] > per_page) {
      starts_.push_back(unit);
      taken = 0;
    }
    taken += rows[unit];
  }
}

std::pair<int, int> Paging::Units(int page) const {
  return {starts_[page], page + 1 < pages() ? starts_[page + 1] : units_};
}

int Paging::PageAt(int position) const {
  return static_cast<int>(std::upper_bound(starts_.begin(), starts_.end(), position) -
                          starts_.begin()) -
         1;
}

bool Paging::Shows(int page, const IndexRows::Group& group) const {
  auto [first, end] = Units(page);
  if (group.begin == group.end) return PageAt(group.begin) == page;
  return group.begin < end && group.end > first;
}

std::string Paging::Path(int page) const { return IndexPagePath(index_path_, page); }

std::string Paging::GroupHref(const View& v, int page, const IndexRows::Group& group) const {
  int first = FirstPage(group);
  return (first == page ? "" : v.Href(Path(first))) + "#" + group.anchor;
}

Json Paging::Pager(const View& v, int page) const {
  Json numbers = Json::array();
  std::vector<int> shown = {0};
  for (int p = std::max(1, page - 2); p <= std::min(pages() - 2, page + 2); ++p) shown.push_back(p);
  if (pages() > 1) shown.push_back(pages() - 1);
  int previous = -1;
  for (int p : shown) {
    numbers.push_back({{"number", p + 1},
                       {"href", v.Href(Path(p))},
                       {"current", p == page},
                       {"gap_before", previous >= 0 && p > previous + 1}});
    previous = p;
  }
  return {{"paged", pages() > 1},
          {"number", page + 1},
          {"count", pages()},
          {"previous_href", page > 0 ? Json(v.Href(Path(page - 1))) : Json(nullptr)},
          {"next_href", page + 1 < pages() ? Json(v.Href(Path(page + 1))) : Json(nullptr)},
          {"numbers", std::move(numbers)}};
}

}  // namespace annals
