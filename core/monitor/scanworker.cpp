#include "core/monitor/scanworker.h"

#include "connectors/connectorerror.h"
#include "core/backends/lockbackend.h"
#include "core/backends/permissionadvice.h"
#include "core/logging.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace lockscope {

namespace {

/// The owner's change callback, cut off when the owner goes away: a scanner still alive on a
/// thread left to finish may call it later.
struct Callback {
    std::mutex mutex;
    std::function<void()> function;
};

/// After a failure, the next connect waits this long (the other backends never wait for it).
constexpr auto kRetryAfter = std::chrono::seconds(2);

} // namespace

struct ScanWorker::State {
    const LockBackend* backend = nullptr;
    MonitorConfig config;
    std::shared_ptr<Callback> callback = std::make_shared<Callback>();

    mutable std::mutex mutex;
    mutable std::condition_variable cv;
    bool requested = false;
    bool stopping = false;
    bool finished = false; ///< the thread has left run()
    std::optional<Clock::time_point> runningSince;
    Result last;
    uint64_t taken = 0; ///< the last sequence handed out by take()

    // Used by the scan thread only.
    std::unique_ptr<BackendScanner> scanner;
    Clock::time_point retryAt{};
    QString lastError;
    bool lastRefused = false; ///< lastError is a permission refusal
    uint64_t sequence = 0;
    int64_t lastAnswerMs = 0;
};

ScanWorker::ScanWorker(const LockBackend* backend, MonitorConfig config,
                       std::function<void()> onChange)
    : m_state(std::make_shared<State>()) {
    m_state->backend = backend;
    m_state->config = std::move(config);
    m_state->callback->function = std::move(onChange);
    std::thread(&ScanWorker::run, m_state).detach();
}

ScanWorker::~ScanWorker() {
    {
        std::lock_guard cb(m_state->callback->mutex);
        m_state->callback->function = nullptr;
    }
    std::unique_lock lock(m_state->mutex);
    m_state->stopping = true;
    m_state->cv.notify_all();
    // An idle thread leaves at once; a scan waiting on a silent server is given a moment, then
    // left to end by its own deadline (it owns its state, and calls back no one).
    m_state->cv.wait_for(lock, std::chrono::seconds(1), [&] { return m_state->finished; });
}

const LockBackend* ScanWorker::backend() const {
    return m_state->backend;
}

bool ScanWorker::request() {
    std::lock_guard lock(m_state->mutex);
    if (m_state->runningSince || m_state->requested)
        return false;
    m_state->requested = true;
    m_state->runningSince = Clock::now();
    m_state->cv.notify_all();
    return true;
}

bool ScanWorker::waitIdle(Clock::time_point deadline) const {
    std::unique_lock lock(m_state->mutex);
    return m_state->cv.wait_until(lock, deadline, [&] { return !m_state->runningSince; });
}

std::optional<ScanWorker::Clock::time_point> ScanWorker::runningSince() const {
    std::lock_guard lock(m_state->mutex);
    return m_state->runningSince;
}

ScanWorker::Result ScanWorker::take() {
    std::lock_guard lock(m_state->mutex);
    Result out;
    const Result& last = m_state->last;
    out.error = last.error;
    out.refused = last.refused;
    out.ms = last.ms;
    out.sequence = last.sequence;
    out.lastAnswerMs = last.lastAnswerMs;
    out.blockingTree = last.blockingTree;
    if (last.sequence > m_state->taken) {
        out.locks = std::move(m_state->last.locks);
        m_state->last.locks.clear();
        out.fresh = true;
        m_state->taken = last.sequence;
    }
    return out;
}

void ScanWorker::run(std::shared_ptr<State> s) {
    const QString name = s->backend->name();
    std::weak_ptr<Callback> weak = s->callback;
    auto onChange = [weak] {
        if (auto cb = weak.lock()) {
            std::lock_guard lock(cb->mutex);
            if (cb->function)
                cb->function();
        }
    };
    for (;;) {
        {
            std::unique_lock lock(s->mutex);
            s->cv.wait(lock, [&] { return s->requested || s->stopping; });
            if (s->stopping)
                break;
            s->requested = false;
        }
        Result r;
        QElapsedTimer t;
        t.start();
        if (!s->scanner && Clock::now() < s->retryAt) {
            r.error = s->lastError; // still down: not reconnecting on every refresh
            r.refused = s->lastRefused;
        } else {
            try {
                if (!s->scanner)
                    s->scanner = s->backend->createScanner(s->config, onChange);
                ScanResult scan = s->scanner->scan();
                r.locks = std::move(scan.locks);
                r.blockingTree = std::move(scan.blockingTree);
                s->lastAnswerMs = QDateTime::currentMSecsSinceEpoch();
            } catch (const std::exception& e) {
                // Dropped, and built again (reconnecting) once the back-off has passed.
                s->scanner.reset();
                // A permission refusal names the grant monitoring needs (PermissionAdvice).
                r.error = PermissionAdvice::explain(s->config.config, e, AccessRole::Monitor);
                r.refused = PermissionAdvice::isPermission(e);
                s->retryAt = Clock::now() + kRetryAfter;
            } catch (...) {
                s->scanner.reset();
                r.error = QStringLiteral("%1: scan failed (unknown error)").arg(name);
                s->retryAt = Clock::now() + kRetryAfter;
            }
            // Logged when the state changes, not on every refresh of an outage.
            if (!r.error.isEmpty() && s->lastError.isEmpty())
                qCWarning(lcMonitor) << name << "unavailable:" << r.error;
            else if (r.error.isEmpty() && !s->lastError.isEmpty())
                qCInfo(lcMonitor) << name << "available again";
            s->lastError = r.error;
            s->lastRefused = r.refused;
        }
        r.ms = double(t.nsecsElapsed()) / 1e6;
        r.sequence = ++s->sequence;
        r.lastAnswerMs = s->lastAnswerMs;
        std::lock_guard lock(s->mutex);
        s->last = std::move(r);
        s->runningSince.reset();
        s->cv.notify_all();
        if (s->stopping)
            break;
    }
    // The scanner (and its connection) closes here, on the thread that used it.
    s->scanner.reset();
    std::lock_guard lock(s->mutex);
    s->finished = true;
    s->cv.notify_all();
}

} // namespace lockscope
