#include "cli/signalwatcher.h"

#include <pthread.h>

namespace lockscope {

namespace {

/// SIGINT, SIGTERM and SIGHUP (a closed terminal) stop; SIGUSR2 is the watcher's own wake-up
/// when it is destroyed.
sigset_t watchedSignals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGUSR2);
    return set;
}

} // namespace

SignalWatcher::SignalWatcher() {
    const sigset_t set = watchedSignals();
    pthread_sigmask(SIG_BLOCK, &set, &m_previous);
    m_thread = std::jthread([this, set] {
        int sig = 0;
        if (sigwait(&set, &sig) == 0 && sig != SIGUSR2)
            m_source.request_stop();
    });
}

SignalWatcher::~SignalWatcher() {
    pthread_kill(m_thread.native_handle(), SIGUSR2); // ends its sigwait if no signal came
    m_thread.join();
    pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
}

} // namespace lockscope
