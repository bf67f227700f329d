#include "core/alerts/alertactionrunner.h"

#include "core/alerts/alertlogging.h"

#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QThread>
#include <algorithm>
#include <csignal>
#include <pthread.h>
#include <unistd.h>

namespace lockscope {

AlertActionRunner::AlertActionRunner(QString command, std::chrono::milliseconds timeout)
    : m_command(std::move(command))
    , m_timeout(timeout)
    , m_thread(QThread::create([this] { loop(m_stop.get_token()); })) {
    m_thread->setObjectName(QStringLiteral("lockscope-alert-exec"));
}

AlertActionRunner::~AlertActionRunner() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_queue.empty())
            qCWarning(lcAlerts) << "alert command: dropping" << m_queue.size()
                                << "event(s) not yet run at exit";
        m_queue.clear();
    }
    m_stop.request_stop(); // wakes the wait; a running command is killed by its stop callback
    if (m_thread->isRunning())
        m_thread->wait();
}

void AlertActionRunner::post(const AlertEvent& event) {
    {
        std::lock_guard lock(m_mutex);
        const QString& id = event.alert.id;
        if (event.type == AlertEvent::Type::Resolved) {
            if (m_droppedFired.remove(id))
                return; // its "fired" never reached the command: nothing to resolve
            const auto queued = std::find_if(m_queue.begin(), m_queue.end(), [&](const auto& e) {
                return e.type == AlertEvent::Type::Fired && e.alert.id == id;
            });
            if (queued != m_queue.end()) {
                m_queue.erase(queued); // fired and resolved before the command heard of it
                return;
            }
            // Always queued: the command was told it fired.
        } else if (m_queue.size() >= kMaxQueued) {
            if (m_dropped++ == 0)
                qCWarning(lcAlerts) << "alert command: queue full (" << kMaxQueued
                                    << "events waiting): dropping new alerts, first" << id;
            m_droppedFired.insert(id);
            return;
        }
        if (m_dropped > 0 && m_queue.size() < kMaxQueued / 2) {
            qCWarning(lcAlerts) << "alert command:" << m_dropped
                                << "fired event(s) dropped while the queue was full";
            m_dropped = 0;
        }
        m_queue.push_back(event);
        // Started by the first event, not before: the CLI blocks SIGINT/SIGTERM in its threads
        // (SignalWatcher) after it parsed its options; a thread started earlier would take them.
        if (!m_thread->isRunning() && !m_thread->isFinished())
            m_thread->start();
    }
    m_wake.notify_one();
}

int AlertActionRunner::completed() const {
    std::lock_guard lock(m_mutex);
    return m_completed;
}

void AlertActionRunner::loop(std::stop_token stop) {
    while (!stop.stop_requested()) {
        AlertEvent event;
        {
            std::unique_lock lock(m_mutex);
            if (!m_wake.wait(lock, stop, [this] { return !m_queue.empty(); }))
                return;
            event = std::move(m_queue.front());
            m_queue.pop_front();
        }
        const Result r = runOnce(m_command, event, m_timeout, stop);
        std::lock_guard lock(m_mutex);
        ++m_completed;
        (void)r;
    }
}

AlertActionRunner::Result AlertActionRunner::runOnce(const QString& command,
                                                     const AlertEvent& event,
                                                     std::chrono::milliseconds timeout,
                                                     std::stop_token stop) {
    Result result;
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LOCKSCOPE_ALERT_EVENT"), AlertEvent::typeName(event.type));
    env.insert(QStringLiteral("LOCKSCOPE_ALERT_RULE"), event.alert.rule.toText());
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.setStandardOutputFile(QProcess::nullDevice());
    // A process group of its own: a timeout or a stop kills the command and whatever it started
    // (a shell's `sleep` would otherwise outlive it, holding our stderr open).
    // Signals unblocked: the CLI blocks SIGINT and SIGTERM in every thread (SignalWatcher), and a
    // child inherits the mask, so the command would not end on Ctrl+C or `kill`.
    p.setChildProcessModifier([] {
        ::setpgid(0, 0);
        sigset_t none;
        ::sigemptyset(&none);
        ::pthread_sigmask(SIG_SETMASK, &none, nullptr);
    });
    p.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
    const QString what = QStringLiteral("alert command (%1 %2)")
                             .arg(AlertEvent::typeName(event.type), event.alert.id);
    if (!p.waitForStarted(int(timeout.count()))) {
        qCWarning(lcAlerts).noquote() << what << "did not start:" << p.errorString();
        return result;
    }
    result.started = true;
    // A stop (the runner destroyed) kills the command at once: the wait below then ends.
    const pid_t pid = pid_t(p.processId());
    std::stop_callback onStop(stop, [pid] { ::kill(-pid, SIGKILL); });
    p.write(QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact).append('\n'));
    p.closeWriteChannel();
    if (!p.waitForFinished(int(timeout.count()))) {
        result.timedOut = true;
        ::kill(-pid, SIGKILL);
        p.waitForFinished(2000);
        qCWarning(lcAlerts).noquote()
            << what << "killed after its timeout of" << timeout.count() << "ms";
        return result;
    }
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (p.exitStatus() != QProcess::NormalExit)
        qCWarning(lcAlerts).noquote() << what << "crashed";
    else if (p.exitCode() != 0)
        qCWarning(lcAlerts).noquote() << what << "exited with" << p.exitCode();
    return result;
}

} // namespace lockscope
