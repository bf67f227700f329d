#include "core/sandbox/serverprocess.h"

#include "core/sandbox/sandboxerror.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QThread>
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lockscope {

qint64 ServerProcess::startDetached(const QString& server, const QString& program,
                                    const QStringList& args, const QString& logFile,
                                    const QString& workDir) {
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.setWorkingDirectory(workDir);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setStandardOutputFile(logFile, QIODevice::Append);
    p.setStandardErrorFile(logFile, QIODevice::Append);
    qint64 pid = 0;
    // The server inherits this thread's signal mask: a CLI that waits for SIGINT/SIGTERM with
    // sigwait (SignalWatcher) has them blocked, and a server started from it (a fault's
    // restart) would ignore the SIGTERM that stops it, until the SIGKILL 10 s later. Unblocked
    // for the start only (a signal arriving in that instant ends this process the default way).
    sigset_t none, previous;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, &previous);
    const bool started = p.startDetached(&pid);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    if (!started)
        throw SandboxError(
            server,
            QStringLiteral("%1: cannot start %2: %3").arg(server, program, p.errorString()));
    return pid;
}

int ServerProcess::runBlocking(const QString& program, const QStringList& args,
                               std::chrono::milliseconds timeout, QString* output,
                               const std::function<void(qint64)>& started) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setStandardInputFile(QProcess::nullDevice());
    p.start(program, args);
    if (!p.waitForStarted(static_cast<int>(timeout.count()))) {
        if (output)
            *output = p.errorString();
        return -1;
    }
    if (started)
        started(p.processId());
    if (!p.waitForFinished(static_cast<int>(timeout.count()))) {
        p.kill();
        p.waitForFinished(1000);
        if (output)
            *output = QStringLiteral("timed out after %1 ms\n").arg(timeout.count()) +
                      QString::fromLocal8Bit(p.readAll());
        return -1;
    }
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

namespace {

sockaddr_in loopbackAddress(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    return addr;
}

/// Runs op (bind or connect) on a fresh TCP socket with 127.0.0.1:port; true when it succeeds.
template <class Op> bool onLoopbackSocket(int port, Op op) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in addr = loopbackAddress(port);
    const bool ok = op(fd, reinterpret_cast<sockaddr*>(&addr), socklen_t{sizeof addr}) == 0;
    ::close(fd);
    return ok;
}

} // namespace

int ServerProcess::freeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw SandboxError(
            {}, QStringLiteral("socket(): %1").arg(QString::fromLocal8Bit(strerror(errno))));
    sockaddr_in addr = loopbackAddress(0);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw SandboxError({}, QStringLiteral("no free loopback port: %1")
                                   .arg(QString::fromLocal8Bit(strerror(errno))));
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool ServerProcess::isListening(int port) {
    return onLoopbackSocket(port, ::connect);
}

bool ServerProcess::canBind(int port) {
    return onLoopbackSocket(port, ::bind);
}

bool ServerProcess::isAlive(qint64 pid, const QString& marker) {
    if (pid <= 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray s = stat.readAll();
    const auto close = s.lastIndexOf(')');
    if (close < 0 || close + 2 >= s.size())
        return false;
    const char state = s.at(close + 2);
    if (state == 'Z' || state == 'X') {
        // The leader thread of a process whose other threads still run (a JVM shutting down:
        // its main thread has ended, its shutdown threads still hold the sockets) shows as a
        // zombie too: alive while any of its threads is.
        for (const QString& task : QDir(QStringLiteral("/proc/%1/task").arg(pid))
                                       .entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile t(QStringLiteral("/proc/%1/task/%2/stat").arg(pid).arg(task));
            if (!t.open(QIODevice::ReadOnly))
                continue;
            const QByteArray ts = t.readAll();
            const auto tc = ts.lastIndexOf(')');
            if (tc >= 0 && tc + 2 < ts.size() && ts.at(tc + 2) != 'Z' && ts.at(tc + 2) != 'X')
                return marker.isEmpty(); // its command line is gone with the leader
        }
        return false; // exited; waiting for a parent that may never reap it
    }
    if (marker.isEmpty())
        return true;
    QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!cmd.open(QIODevice::ReadOnly))
        return false;
    QByteArray line = cmd.readAll();
    line.replace('\0', ' ');
    return QString::fromLocal8Bit(line).contains(marker);
}

bool ServerProcess::stop(qint64 pid, int signal, const QString& marker,
                         std::chrono::milliseconds grace) {
    if (!isAlive(pid, marker))
        return true;
    ::kill(static_cast<pid_t>(pid), signal);
    return waitGone(pid, marker, grace);
}

bool ServerProcess::waitGone(qint64 pid, const QString& marker, std::chrono::milliseconds grace) {
    // Gone means gone: an exiting process may already have lost its command line (the marker)
    // while it still runs and holds its sockets.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!isAlive(pid))
            return true;
        QThread::msleep(20); // polling /proc for a process we do not parent; no event to wait on
    }
    // Still ours (never a recycled pid): killed.
    if (isAlive(pid, marker))
        ::kill(static_cast<pid_t>(pid), SIGKILL);
    const auto killDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < killDeadline) {
        if (!isAlive(pid))
            return true;
        QThread::msleep(20);
    }
    return false;
}

QList<qint64>
ServerProcess::findByCommandLine(const std::function<bool(const QByteArrayList&)>& match) {
    QList<qint64> out;
    const qint64 self = ::getpid();
    for (const QString& entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid || pid == self)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QByteArray line = f.readAll();
        while (line.endsWith('\0'))
            line.chop(1);
        if (!line.isEmpty() && match(line.split('\0')) && isAlive(pid))
            out << pid;
    }
    return out;
}

QStringList ServerProcess::logTail(const QString& logFile, int lines) {
    QFile f(logFile);
    if (!f.open(QIODevice::ReadOnly))
        return {QStringLiteral("(no log at %1)").arg(logFile)};
    const qint64 size = f.size();
    f.seek(std::max<qint64>(0, size - 8192));
    const QStringList all = QString::fromLocal8Bit(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    return all.mid(std::max<qsizetype>(0, all.size() - lines));
}

} // namespace lockscope
