#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli chaos matrix ... (see --help): every fault against every strategy it applies
/// to, fencing on and off, one table.
class ChaosCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
