#pragma once

#include "core/demo/demoscenario.h"

#include <QCommandLineParser>

namespace lockscope::cli {

/// The scenario options `demo` and `chaos matrix` share (--store, --items, --stock, --buyers,
/// --attempts, --pay-ms, --lease-ms, --wait-ms, --fault-ms, --fault-rate, --partition, --seed),
/// read into s; false (the error printed) for a bad value. Each command adds and reads its own
/// options besides.
bool sharedScenarioFrom(const QCommandLineParser& p, DemoScenario* s);

} // namespace lockscope::cli
