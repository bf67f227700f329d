#pragma once

#include <QStringList>

class QCommandLineParser;

namespace lockscope {
struct MonitorConfig;
}

namespace lockscope::cli {

/// lockscope-cli locks list|watch|release ... and lockscope-cli audit list
class LocksCommand {
public:
    static int run(const QStringList& args);
    static int audit(const QStringList& args);
    /// The monitor options of `locks list` and `locks watch` (servers, --ns, --backend,
    /// patterns, stale rules, --json), for other commands that run a monitor (exporter).
    static void addMonitorOptionsTo(QCommandLineParser& parser);
    /// Prints a message naming the option and returns false when one is wrong.
    static bool monitorConfigOf(const QCommandLineParser& parser, MonitorConfig* out);

private:
    static int list(const QStringList& args);
    static int watch(const QStringList& args);
    static int release(const QStringList& args);
    static int hold(const QStringList& args);
};

} // namespace lockscope::cli
