#pragma once

#include "core/alerts/alertevent.h"

#include <QSet>
#include <QString>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <stop_token>

class QThread;

namespace lockscope {

/// Runs the operator's command once per alert event, with the event as one line of JSON on its
/// stdin (AlertEvent::toJson) and LOCKSCOPE_ALERT_EVENT / LOCKSCOPE_ALERT_RULE in its environment,
/// through `/bin/sh -c`. The commands run one after another, in the order of the events, on a
/// thread of the runner's own (started by the first post()): post() only queues, so the monitor
/// never waits for them. A command that fails, exits non-zero or outlives its timeout (then killed)
/// is logged (lockscope.alerts), never fatal. At most kMaxQueued "fired" events wait; more are
/// dropped and logged (once per burst). A "resolved" event is never dropped while its "fired"
/// one was run: a receiver is not left with an alert that never clears. One whose "fired" was
/// dropped is dropped too, and one whose "fired" still waits cancels it (nothing to tell).
/// Destroying the runner kills a running command and drops the events still queued; it waits for
/// the runner's thread, which a kill ends at once.
class AlertActionRunner {
public:
    struct Result {
        bool started = false;
        bool timedOut = false;
        int exitCode = -1;
    };

    explicit AlertActionRunner(QString command,
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));
    ~AlertActionRunner();
    AlertActionRunner(const AlertActionRunner&) = delete;
    AlertActionRunner& operator=(const AlertActionRunner&) = delete;

    /// Queues the event for the command; returns at once.
    void post(const AlertEvent& event);
    /// Commands run so far (finished, failed or timed out).
    int completed() const;
    const QString& command() const { return m_command; }

    static constexpr size_t kMaxQueued = 1000;

    /// Runs command for one event on the calling thread (what the runner's thread does), killing
    /// it after timeout or when stop is requested. For tests and one-shot use.
    static Result runOnce(const QString& command, const AlertEvent& event,
                          std::chrono::milliseconds timeout, std::stop_token stop = {});

private:
    void loop(std::stop_token stop);

    QString m_command;
    std::chrono::milliseconds m_timeout;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<AlertEvent> m_queue;
    QSet<QString> m_droppedFired; ///< alert ids whose "fired" event was dropped
    int m_dropped = 0;            ///< dropped in the current burst (logged when it ends)
    int m_completed = 0;
    std::stop_source m_stop;
    /// A QThread, not a std::jthread: QProcess needs the event dispatcher a QThread has (its
    /// socket notifiers), though only its blocking waitFor* calls are used. Last: started
    /// after everything it uses.
    std::unique_ptr<QThread> m_thread;
};

} // namespace lockscope
