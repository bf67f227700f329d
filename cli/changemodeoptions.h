#pragma once

#include "core/backends/changemode.h"
#include "core/monitor/monitorconfig.h"

#include <QMap>

class QCommandLineParser;

namespace lockscope::cli {

/// --redis-tracking auto|prefixes|off and --pg-adaptive on|off (`locks watch`, `bench
/// visibility`): how the monitor learns of changes (docs/ARCHITECTURE.md, "Instant updates").
void addChangeModeOptions(QCommandLineParser& parser);
/// Into *out; false after printing why.
bool changeModeOptionsFrom(const QCommandLineParser& parser, MonitorConfig* out);

/// `locks watch`: one line per backend whose change mode is new or differs from *reported
/// (at start, and when tracking falls back or comes back); JSON: {"change": "mode", ...}.
void reportChangeModes(const QMap<Backend, ChangeStatus>& modes, bool json,
                       QMap<Backend, ChangeStatus>* reported);

} // namespace lockscope::cli
