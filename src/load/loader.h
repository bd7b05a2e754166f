// The load step: every file under content/ read into records, strictly.
#pragma once

#include <string>

#include "load/record_cache.h"
#include "model/archive.h"
#include "util/diagnostics.h"
#include "util/file_system.h"
#include "util/progress.h"
#include "util/status.h"

namespace annals {

// Reads every record under `content_dir` into `*archive`, references unresolved.
// Every mistake in the content is reported to `sink` and loading goes on, so that one
// run reports them all. A non-ok Status means the folder itself could not be read.
// `progress`, when given, is advanced once per file. With `cache`, a file whose records
// it holds is not read, and the records of every file read without a mistake are kept
// in it.
Status LoadArchive(FileSystem& fs, const std::string& content_dir, Archive* archive,
                   DiagnosticSink& sink, Progress* progress = nullptr,
                   RecordCache* cache = nullptr);

}  // namespace annals
