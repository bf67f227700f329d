#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

namespace lockscope::cli {

/// What ends the wait between two refreshes early: a poke (a change pushed by a server: a
/// ZooKeeper watch, Redis tracking, PostgreSQL's change detector) or a stop request. `locks
/// watch` and the exporter refresh their monitor this way.
class Poke {
public:
    void notify() {
        std::lock_guard lock(m_mutex);
        m_poked = true;
        m_cv.notify_all();
    }
    void wait(std::stop_token stop, std::chrono::milliseconds interval) {
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, stop, interval, [&] { return m_poked; });
        m_poked = false;
    }

private:
    std::mutex m_mutex;
    std::condition_variable_any m_cv;
    bool m_poked = false;
};

} // namespace lockscope::cli
