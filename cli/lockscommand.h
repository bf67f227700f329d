#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli locks list|watch|release ... and lockscope-cli audit list
class LocksCommand {
public:
    static int run(const QStringList& args);
    static int audit(const QStringList& args);

private:
    static int list(const QStringList& args);
    static int watch(const QStringList& args);
    static int release(const QStringList& args);
    static int hold(const QStringList& args);
};

} // namespace lockscope::cli
