#include "render/paging.h"

#include <doctest/doctest.h>

namespace annals {
namespace {

TEST_CASE("Paging puts units on a page while their rows fit, and never cuts a unit") {
  Paging paging("briefings/", {3, 2, 4, 1, 6, 1}, 5);
  REQUIRE(paging.pages() == 4);
  CHECK(paging.Units(0) == std::pair{0, 2});  // 3 + 2
  CHECK(paging.Units(1) == std::pair{2, 4});  // 4 + 1
  CHECK(paging.Units(2) == std::pair{4, 5});  // 6 rows: a page of its own
  CHECK(paging.Units(3) == std::pair{5, 6});
  CHECK(paging.PageAt(0) == 0);
  CHECK(paging.PageAt(3) == 1);
  CHECK(paging.PageAt(4) == 2);
  CHECK(paging.PageAt(6) == 3);  // past the end: the last page
}

TEST_CASE("Paging of an index that fits, and of an empty one, gives one page") {
  CHECK(Paging("questions/", {1, 1, 1}, 3).pages() == 1);
  Paging empty("questions/", {}, 3);
  REQUIRE(empty.pages() == 1);
  CHECK(empty.Units(0) == std::pair{0, 0});
  CHECK(empty.Shows(0, {"open", "Open", -1, 0, 0}));
}

TEST_CASE("Paging names the first page by the index's address and the others below it") {
  Paging paging("questions/", std::vector<int>(25, 1), 10);
  CHECK(paging.Path(0) == "questions/");
  CHECK(paging.Path(1) == "questions/page/2/");
  CHECK(paging.Path(2) == "questions/page/3/");
}

TEST_CASE("Paging shows a group on each page it has units on, an empty one where it falls") {
  Paging paging("questions/", std::vector<int>(7, 1), 3);  // pages: 0-2, 3-5, 6
  IndexRows::Group open{"open", "Open", -1, 0, 4}, answered{"answered", "Answered", -1, 4, 4},
      reframed{"reframed", "Reframed", -1, 4, 7}, withdrawn{"withdrawn", "Withdrawn", -1, 7, 7};
  CHECK(paging.Shows(0, open));
  CHECK(paging.Shows(1, open));
  CHECK_FALSE(paging.Shows(2, open));
  CHECK(paging.Shows(1, answered));  // empty, at unit 4: page 1
  CHECK_FALSE(paging.Shows(0, answered));
  CHECK(paging.Shows(1, reframed));
  CHECK(paging.Shows(2, reframed));
  CHECK(paging.Shows(2, withdrawn));  // empty, at the end: the last page
  CHECK(paging.FirstPage(reframed) == 1);

  Archive archive;
  View from_second(archive, "questions/page/2/"), from_third(archive, "questions/page/3/");
  CHECK(paging.GroupHref(from_second, 1, reframed) == "#reframed");
  CHECK(paging.GroupHref(from_third, 2, reframed) ==
        "../../../questions/page/2/index.html#reframed");
  CHECK(paging.GroupHref(from_third, 2, open) == "../../../questions/index.html#open");
}

TEST_CASE("Paging's pager links the first, last and nearby pages, marking the gaps") {
  Paging paging("actions/", std::vector<int>(100, 1), 10);
  Archive archive;
  View v(archive, "actions/page/6/");
  Json pager = paging.Pager(v, 5);
  CHECK(pager["paged"] == true);
  CHECK(pager["number"] == 6);
  CHECK(pager["count"] == 10);
  CHECK(pager["previous_href"] == "../../../actions/page/5/index.html");
  CHECK(pager["next_href"] == "../../../actions/page/7/index.html");
  std::vector<int> numbers;
  std::vector<bool> gaps;
  for (const Json& n : pager["numbers"]) {
    numbers.push_back(n["number"].get<int>());
    gaps.push_back(n["gap_before"].get<bool>());
    CHECK(n["current"] == (n["number"] == 6));
  }
  CHECK(numbers == std::vector<int>{1, 4, 5, 6, 7, 8, 10});
  CHECK(gaps == std::vector<bool>{false, true, false, false, false, false, true});
  CHECK(pager["numbers"][0]["href"] == "../../../actions/index.html");

  Json first = paging.Pager(View(archive, "actions/"), 0);
  CHECK(first["previous_href"].is_null());
  CHECK(first["next_href"] == "../actions/page/2/index.html");
  numbers.clear();
  for (const Json& n : first["numbers"]) numbers.push_back(n["number"].get<int>());
  CHECK(numbers == std::vector<int>{1, 2, 3, 10});

  Json last = paging.Pager(View(archive, "actions/page/10/"), 9);
  CHECK(last["next_href"].is_null());

  CHECK(Paging("actions/", {1}, 10).Pager(v, 0)["paged"] == false);
}

}  // namespace
}  // namespace annals
