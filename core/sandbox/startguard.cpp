#include "core/sandbox/startguard.h"

#include "core/logging.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lockscope {

namespace {

/// One announcement on the pipe. pid 0 = dismissed; signal -1 = forget pid.
struct Record {
    int64_t pid = 0;
    int32_t signal = 0;
    int32_t unused = 0;
};

bool readFully(int fd, Record* r) {
    auto* p = reinterpret_cast<char*>(r);
    size_t got = 0;
    while (got < sizeof *r) {
        const ssize_t n = ::read(fd, p + got, sizeof *r - got);
        if (n == 0)
            return false;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        got += static_cast<size_t>(n);
    }
    return true;
}

void sleepMs(long ms) {
    timespec t{ms / 1000, (ms % 1000) * 1000000L};
    while (::nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/// True while pid runs: exists and is no zombie (an orphan's zombie may never be reaped).
/// Async-signal-safe: reads /proc/<pid>/stat with open/read.
bool running(int64_t pid) {
    char path[40] = "/proc/";
    char digits[24];
    int n = 0;
    for (int64_t v = pid; v > 0 && n < 20; v /= 10)
        digits[n++] = static_cast<char>('0' + v % 10);
    int at = 6;
    while (n > 0)
        path[at++] = digits[--n];
    const char tail[] = "/stat";
    for (char c : tail)
        path[at++] = c;
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[512];
    const ssize_t got = ::read(fd, buf, sizeof buf);
    ::close(fd);
    // "<pid> (<comm>) <state> ...": the state follows the last ')'.
    ssize_t close = -1;
    for (ssize_t i = 0; i < got; ++i)
        if (buf[i] == ')')
            close = i;
    if (close < 0 || close + 2 >= got)
        return false;
    return buf[close + 2] != 'Z' && buf[close + 2] != 'X';
}

/// The guard, in the forked child: async-signal-safe calls only (the parent may have threads),
/// then _exit.
[[noreturn]] void guardMain(int readFd) {
    sigset_t all;
    sigfillset(&all);
    ::sigprocmask(SIG_SETMASK, &all, nullptr);
    // Hold nothing of the parent's open: its terminal output, sockets, other pipes.
    const int devNull = ::open("/dev/null", O_RDWR);
    if (devNull >= 0) {
        ::dup2(devNull, 0);
        ::dup2(devNull, 1);
        ::dup2(devNull, 2);
    }
    for (int fd = 3; fd < 4096; ++fd)
        if (fd != readFd)
            ::close(fd);
    Record watched[32];
    int n = 0;
    Record r;
    while (readFully(readFd, &r)) {
        if (r.pid == 0)
            ::_exit(0); // dismissed
        if (r.signal < 0) {
            for (int i = 0; i < n; ++i)
                if (watched[i].pid == r.pid)
                    watched[i] = watched[--n];
        } else if (n < 32) {
            watched[n++] = r;
        }
    }
    // up() is gone without dismissing: stop what it started.
    for (int i = 0; i < n; ++i)
        ::kill(static_cast<pid_t>(watched[i].pid), watched[i].signal);
    for (int waited = 0; waited < 5000; waited += 50) {
        bool any = false;
        for (int i = 0; i < n; ++i)
            any = any || running(watched[i].pid);
        if (!any)
            ::_exit(0);
        sleepMs(50);
    }
    for (int i = 0; i < n; ++i)
        if (running(watched[i].pid))
            ::kill(static_cast<pid_t>(watched[i].pid), SIGKILL);
    ::_exit(0);
}

/// Writes r to the guard; false when it is gone. Never lets a SIGPIPE end the caller.
bool sendRecord(int fd, const Record& r) {
    sigset_t pipeSet, old;
    sigemptyset(&pipeSet);
    sigaddset(&pipeSet, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipeSet, &old);
    const ssize_t n = ::write(fd, &r, sizeof r);
    // A SIGPIPE that write made pending is consumed before the mask is restored.
    timespec zero{0, 0};
    while (::sigtimedwait(&pipeSet, nullptr, &zero) == SIGPIPE) {
    }
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return n == static_cast<ssize_t>(sizeof r);
}

} // namespace

StartGuard::StartGuard() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        qCWarning(lcSandbox) << "no start guard: pipe:" << strerror(errno);
        return;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        qCWarning(lcSandbox) << "no start guard: fork:" << strerror(errno);
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (child == 0)
        guardMain(fds[0]);
    ::close(fds[0]);
    m_fd = fds[1];
    m_pid = child;
}

StartGuard::~StartGuard() {
    finish(true);
}

void StartGuard::watch(qint64 pid, int signal) {
    if (m_fd < 0 || pid <= 0)
        return;
    if (!sendRecord(m_fd, Record{pid, signal, 0}))
        qCWarning(lcSandbox) << "start guard gone: not told of pid" << pid;
}

void StartGuard::unwatch(qint64 pid) {
    if (m_fd >= 0 && pid > 0)
        sendRecord(m_fd, Record{pid, -1, 0});
}

void StartGuard::dismiss() {
    finish(false);
}

void StartGuard::finish(bool stopServers) {
    if (m_fd < 0)
        return;
    if (!stopServers)
        sendRecord(m_fd, Record{});
    ::close(m_fd);
    m_fd = -1;
    // Dismissed, it exits at once; otherwise it stops the servers (up to ~5 s). Reaped either
    // way: no zombie in a long-lived console.
    while (::waitpid(static_cast<pid_t>(m_pid), nullptr, 0) < 0 && errno == EINTR) {
    }
    m_pid = 0;
}

} // namespace lockscope
