#pragma once

#include <QByteArrayList>
#include <QList>
#include <QString>
#include <QStringList>
#include <chrono>
#include <functional>

namespace lockscope {

/// Process and port helpers for the sandbox: start detached servers, find free loopback ports,
/// and stop exactly the processes the sandbox started (checked against /proc).
class ServerProcess {
public:
    /// Starts program detached (it outlives this process), stdout+stderr appended to logFile.
    /// Returns its pid; throws SandboxError(server) when it cannot be started.
    static qint64 startDetached(const QString& server, const QString& program,
                                const QStringList& args, const QString& logFile,
                                const QString& workDir);
    /// Runs program to completion (with a deadline); returns exit code, output in *output.
    /// started(pid) is called once it runs (so that its pid can be recorded).
    static int runBlocking(const QString& program, const QStringList& args,
                           std::chrono::milliseconds timeout, QString* output,
                           const std::function<void(qint64)>& started = {});
    /// A TCP port on 127.0.0.1 that nothing listens on right now.
    static int freeLoopbackPort();
    /// True when something accepts TCP connections on 127.0.0.1:port.
    static bool isListening(int port);
    /// True when a socket can bind 127.0.0.1:port right now (nothing holds it).
    static bool canBind(int port);
    /// True when pid exists, is not a zombie, and its command line contains marker.
    static bool isAlive(qint64 pid, const QString& marker = {});
    /// Sends signal, waits until the process is gone (or deadline), then SIGKILLs. True if gone.
    static bool stop(qint64 pid, int signal, const QString& marker,
                     std::chrono::milliseconds grace);
    /// Waits until pid (already signalled) is gone: no process, or a zombie; after grace, a
    /// SIGKILL if it is still ours (its command line has marker). True if gone.
    static bool waitGone(qint64 pid, const QString& marker, std::chrono::milliseconds grace);
    /// Live processes (not zombies) whose argv matches.
    static QList<qint64> findByCommandLine(const std::function<bool(const QByteArrayList&)>& match);
    /// Last lines of a log file, for error messages (the server's text: shown escaped).
    static QStringList logTail(const QString& logFile, int lines = 15);
};

} // namespace lockscope
