#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli sandbox up|down|status --dir D [--detach] [--replace] [--json];
/// lockscope-cli sandbox restart --dir D --role ROLE [--index I]
class SandboxCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
