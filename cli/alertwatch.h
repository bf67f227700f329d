#pragma once

#include "core/alerts/alertactionrunner.h"
#include "core/alerts/alertengine.h"

#include <QCommandLineParser>
#include <memory>

namespace lockscope::cli {

/// `locks watch --alert RULE ... [--exec CMD] [--exec-timeout-ms MS]`: the alert engine fed
/// every snapshot of the watch loop, a fired/resolved line (or JSON line) per event, and CMD run
/// per event with the alert as JSON on stdin (AlertActionRunner: never delays the loop).
class AlertWatch {
public:
    static void addOptions(QCommandLineParser& p);
    /// The watch's alerts from the options: nullptr without --alert; false after printing why
    /// (a rule's text refused, --exec without --alert).
    static bool from(const QCommandLineParser& p, std::unique_ptr<AlertWatch>* out);

    AlertWatch(std::vector<AlertRule> rules, QString command, std::chrono::milliseconds timeout);
    /// Evaluates the monitor's latest snapshot; prints and runs what fired and resolved.
    void feed(const Snapshot& snapshot, bool json);

private:
    AlertEngine m_engine;
    std::unique_ptr<AlertActionRunner> m_runner;
};

} // namespace lockscope::cli
