#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli sandbox up|down|status --dir D [--detach] [--replace] [--proxies] [--json];
/// sandbox fault --dir D --server S --mode M [--delay-ms N] [--for-ms N] [--index N] [--json]
/// lockscope-cli sandbox restart --dir D --role ROLE [--index I]
class SandboxCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
