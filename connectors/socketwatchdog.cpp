#include "connectors/socketwatchdog.h"

#include "connectors/callinterrupt.h"
#include "connectors/logging.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <sys/socket.h>
#include <thread>

namespace lockscope {

namespace {

struct Watch {
    int fd = -1;
    std::chrono::steady_clock::time_point deadline;
};

/// The watched sockets and the thread that shuts down those past their deadline. Never
/// destroyed (its thread may outlive static destructors at exit).
class Registry {
public:
    static Registry& instance() {
        static Registry* registry = new Registry;
        return *registry;
    }

    uint64_t add(int fd, std::chrono::steady_clock::time_point deadline) {
        std::lock_guard lock(m_mutex);
        if (!m_thread.joinable())
            m_thread = std::thread([this] { loop(); });
        const uint64_t id = ++m_next;
        m_watches.emplace(id, Watch{fd, deadline});
        m_cv.notify_all();
        return id;
    }

    /// Brings the watch's deadline forward to deadline (never later).
    void shorten(uint64_t id, std::chrono::steady_clock::time_point deadline) {
        std::lock_guard lock(m_mutex);
        const auto it = m_watches.find(id);
        if (it == m_watches.end() || it->second.deadline <= deadline)
            return;
        it->second.deadline = deadline;
        m_cv.notify_all();
    }

    /// Removes the watch; true when it had fired. After this returns the fd is never touched
    /// again: shutdown happens under the same mutex.
    bool remove(uint64_t id) {
        std::lock_guard lock(m_mutex);
        m_watches.erase(id);
        return m_fired.erase(id) > 0;
    }

private:
    void loop() {
        std::unique_lock lock(m_mutex);
        for (;;) {
            if (m_watches.empty()) {
                m_cv.wait(lock);
                continue;
            }
            auto soonest = m_watches.begin();
            for (auto it = m_watches.begin(); it != m_watches.end(); ++it)
                if (it->second.deadline < soonest->second.deadline)
                    soonest = it;
            if (std::chrono::steady_clock::now() < soonest->second.deadline) {
                m_cv.wait_until(lock, soonest->second.deadline);
                continue;
            }
            qCWarning(lcWatchdog) << "no answer by the deadline: closing socket"
                                  << soonest->second.fd;
            ::shutdown(soonest->second.fd, SHUT_RDWR);
            m_fired.insert(soonest->first);
            m_watches.erase(soonest);
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::map<uint64_t, Watch> m_watches;
    std::set<uint64_t> m_fired;
    uint64_t m_next = 0;
    std::thread m_thread;
};

} // namespace

SocketWatchdog::Guard SocketWatchdog::arm(int fd, std::chrono::milliseconds after) {
    if (fd < 0)
        return Guard();
    const std::stop_token interrupt = CallInterrupt::current();
    const auto now = std::chrono::steady_clock::now();
    if (interrupt.stop_requested())
        after = std::min(after, CallInterrupt::kGrace);
    return Guard(Registry::instance().add(fd, now + after));
}

SocketWatchdog::Guard::Guard(uint64_t id)
    : m_id(id) {
    const std::stop_token interrupt = CallInterrupt::current();
    if (interrupt.stop_possible() && !interrupt.stop_requested())
        m_interrupt = std::make_unique<std::stop_callback<std::function<void()>>>(
            interrupt, std::function<void()>([id] {
                Registry::instance().shorten(id, std::chrono::steady_clock::now() +
                                                     CallInterrupt::kGrace);
            }));
}

SocketWatchdog::Guard::~Guard() {
    disarm();
}

SocketWatchdog::Guard::Guard(Guard&& other) noexcept
    : m_id(other.m_id)
    , m_fired(other.m_fired)
    , m_interrupt(std::move(other.m_interrupt)) {
    other.m_id = 0;
}

bool SocketWatchdog::Guard::disarm() {
    m_interrupt.reset(); // waits for a callback running on another thread
    if (m_id) {
        m_fired = Registry::instance().remove(m_id);
        m_id = 0;
    }
    return m_fired;
}

} // namespace lockscope
