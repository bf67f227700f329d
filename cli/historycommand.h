#pragma once

#include <QStringList>
#include <memory>

class QCommandLineParser;

namespace lockscope {
class HistoryRecorder;
struct Snapshot;
} // namespace lockscope

namespace lockscope::cli {

/// lockscope-cli locks history|stats (reading the history store) and what `locks watch
/// --record` adds to the watch loop (docs/HISTORY-STORE.md).
class HistoryCommand {
public:
    static int history(const QStringList& args);
    static int stats(const QStringList& args);

    /// --record, --history-db, --history-retention-days, --history-max-mb.
    static void addRecordOptions(QCommandLineParser& p);
    /// The recorder --record asks for, opened and pruned; nullptr without --record, or on an
    /// error (printed, *exitCode set).
    static std::unique_ptr<HistoryRecorder> recorderFrom(const QCommandLineParser& p,
                                                         int* exitCode);
    /// One refresh into the store (one transaction); a failure is printed once per message.
    static void record(HistoryRecorder* recorder, const Snapshot& snapshot);
};

} // namespace lockscope::cli
