#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli bench lock --strategy S|all --clients N --duration SEC [--json]
class BenchCommand {
public:
    static int run(const QStringList& args);
};

} // namespace lockscope::cli
