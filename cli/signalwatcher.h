#pragma once

#include <csignal>
#include <stop_token>
#include <thread>

namespace lockscope {

/// Turns SIGINT, SIGTERM and SIGHUP (the terminal closed) into a stop request, from a thread of its
/// own that waits for them (sigwait): no code runs in a signal handler, and everything waiting on
/// token() ends at once. Construct it before any other thread starts: the signals are blocked in
/// the constructing thread, and threads started later inherit that.
class SignalWatcher {
public:
    SignalWatcher();
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

    std::stop_token token() const { return m_source.get_token(); }
    bool stopRequested() const { return m_source.stop_requested(); }

private:
    std::stop_source m_source;
    sigset_t m_previous;
    std::jthread m_thread;
};

} // namespace lockscope
