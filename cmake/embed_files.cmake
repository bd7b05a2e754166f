# Writes a C++ source that holds the bytes of every file in DIR (names sorted), so the
# built-in templates travel inside the annals binary.
#   cmake -DDIR=<folder> -DOUT=<file.cc> -P embed_files.cmake
file(GLOB FILES RELATIVE "${DIR}" "${DIR}/*")
list(SORT FILES)
set(body "")
set(entries "")
set(n 0)
foreach(name IN LISTS FILES)
  file(READ "${DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND body "const char kFile${n}[] = {${bytes} 0};\n")
  string(APPEND entries "      {\"${name}\", std::string_view(kFile${n}, ${size})},\n")
  math(EXPR n "${n} + 1")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from templates/ by cmake/embed_files.cmake; do not edit.
#include \"render/templates.h\"

namespace annals {

namespace {
${body}}  // namespace

const std::vector<std::pair<std::string_view, std::string_view>>& DefaultTemplateFiles() {
  static const std::vector<std::pair<std::string_view, std::string_view>> files = {
${entries}  };
  return files;
}

}  // namespace annals
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
