// The floor of a static-site build: reads every Markdown page under a folder (a Hugo
// content folder, as bench/generate_corpus.py writes it), drops its front matter, and
// renders each body to HTML with md4c, one after the other in this one process, with
// the parser flags annals uses. Prints the pages, the bytes in and out, and how long the
// rendering alone took.
//
//   md4c_floor DIR
#include <md4c-html.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The text after a leading "---" ... "---" block.
std::string Body(const std::string& text) {
  if (text.rfind("---\n", 0) != 0) return text;
  size_t end = text.find("\n---\n", 3);
  return end == std::string::npos ? text : text.substr(end + 5);
}

void Append(const MD_CHAR* text, MD_SIZE size, void* out) {
  static_cast<std::string*>(out)->append(text, size);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: md4c_floor DIR\n");
    return 2;
  }
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1]))
    if (entry.is_regular_file() && entry.path().extension() == ".md") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> bodies;
  size_t bytes_in = 0;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bodies.push_back(Body(text.str()));
    bytes_in += bodies.back().size();
  }
  const unsigned flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML;
  size_t bytes_out = 0;
  auto start = std::chrono::steady_clock::now();
  std::string html;
  for (const std::string& body : bodies) {
    html.clear();
    md_html(body.data(), static_cast<MD_SIZE>(body.size()), Append, &html, flags, 0);
    bytes_out += html.size();
  }
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf("pages %zu bytes_in %zu bytes_out %zu render_seconds %.4f\n", bodies.size(), bytes_in,
              bytes_out, took.count());
  return 0;
}
