// Indexes too long for one page, cut into pages as Hugo and Zola paginate lists.
//
// An index shows units (a question, a briefing with its questions, an action item) in
// groups (a status, an area, an owner). Its first page is at the index's own address,
// the others at "<index>page/<n>/". A unit is never cut; a group is, and carries on
// under its heading on the next page.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "render/view.h"

namespace annals {

// Units in groups, in the order an index shows them.
struct IndexRows {
  struct Group {
    std::string anchor;  // the fragment of its heading, on the page where it begins
    std::string label;
    int record = -1;         // the record the group is of, where it is of one (an owner)
    int begin = 0, end = 0;  // its units, [begin, end)
  };
  std::vector<int> units;  // record indices
  std::vector<int> rows;   // how many rows each unit takes, at least 1
  std::vector<Group> groups;

  // Adds a group of the units `records`, each of `rows_of(record)` rows.
  template <typename RowsOf>
  void AddGroup(std::string anchor, std::string label, int record, const std::vector<int>& records,
                RowsOf rows_of) {
    groups.push_back({std::move(anchor), std::move(label), record, static_cast<int>(units.size()),
                      static_cast<int>(units.size() + records.size())});
    for (int r : records) {
      units.push_back(r);
      rows.push_back(rows_of(r));
    }
  }
};

class Paging {
 public:
  // `rows`: how many rows each unit takes. Each page takes units while they fit in
  // `per_page` rows; a unit of more rows than that has a page of its own. An index of
  // no units has one, empty, page.
  Paging(std::string index_path, const std::vector<int>& rows, int per_page);

  int pages() const { return static_cast<int>(starts_.size()); }
  // The units on `page` (from 0): [first, second).
  std::pair<int, int> Units(int page) const;
  // The page a unit at `position` is on; the last page for the position past the end,
  // where an empty group at the end of the index is shown.
  int PageAt(int position) const;
  // The page a group is shown on first.
  int FirstPage(const IndexRows::Group& group) const { return PageAt(group.begin); }
  // Whether `group` is shown on `page`: it has units there, or it is empty and its
  // place in the index is there.
  bool Shows(int page, const IndexRows::Group& group) const;

  // Where `page` is: "questions/" for the first, "questions/page/2/" for the second.
  std::string Path(int page) const;
  // A link from `v`'s page to the heading of `group`: "#open" on the page itself.
  std::string GroupHref(const View& v, int page, const IndexRows::Group& group) const;

  // What a template shows of the pages around `page`, seen from `v`: {paged (more than
  // one page), number, count, previous_href, next_href (null at either end), numbers:
  // [{number, href, current, gap_before}]}, the numbers being the first and last pages
  // and those within two of `page`.
  Json Pager(const View& v, int page) const;

 private:
  std::string index_path_;
  std::vector<int> starts_;  // each page's first unit
  int units_ = 0;
};

// The folder of page `page` (from 0) of the index at `index_path`.
std::string IndexPagePath(const std::string& index_path, int page);

}  // namespace annals
