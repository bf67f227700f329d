#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli demo [compare|worker|verify] ... (see --help)
class DemoCommand {
public:
    static int run(const QStringList& args);

private:
    static int runWorker(const QStringList& args);
    static int runVerify(const QStringList& args);
};

} // namespace lockscope::cli
