#pragma once

#include <QStringList>

namespace lockscope::cli {

/// `lockscope-cli bench visibility`: VisibilityBench (core/bench).
int runVisibility(const QStringList& args);

} // namespace lockscope::cli
