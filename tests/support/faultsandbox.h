#pragma once

#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxinfo.h"

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <chrono>
#include <memory>

namespace lockscope::test {

/// A sandbox of its own (redis-server, ZooKeeper, PostgreSQL in a temporary directory) for tests
/// that stop, freeze, kill and restart servers: the shared fixture's servers must stay up for the
/// other tests. Faults are applied by the pids in stack.json, as an operator would; restart()
/// brings a server back on the same port with the same data directory, and records its new pid.
class FaultSandbox {
public:
    enum class Server { Redis, ZooKeeper, Postgres };

    /// Starts the servers; check ok() (and error()) before using it.
    FaultSandbox();
    ~FaultSandbox();
    FaultSandbox(const FaultSandbox&) = delete;
    FaultSandbox& operator=(const FaultSandbox&) = delete;

    bool ok() const { return m_ok; }
    QString error() const { return m_error; }
    QString dir() const { return m_dir.path(); }
    const SandboxInfo& info() const { return m_info; }
    /// These servers, in a namespace of their own.
    NamespaceConfig ns(const QString& prefix) const;
    /// `--sandbox DIR --ns NS` for lockscope-cli.
    QStringList cliArgs(const NamespaceConfig& ns) const;
    /// Starts lockscope-cli with args (not waited for); the caller reads and waits.
    std::unique_ptr<QProcess> startCli(const QStringList& args) const;

    /// SIGSTOP the server and, for PostgreSQL, every backend it forked: a server that is alive
    /// (its sockets accept, the kernel acknowledges) and answers nothing.
    void freeze(Server s);
    /// SIGCONT what freeze() stopped.
    void thaw(Server s);
    /// SIGKILL the server (PostgreSQL: the postmaster and all its children) and wait until the
    /// processes are gone.
    void kill(Server s);
    /// Starts the killed server again on the same port and data directory and waits (up to 60 s)
    /// until it answers; returns false (with error()) when it did not.
    bool restart(Server s);
    /// True when the server answers its protocol's ping now.
    bool answering(Server s) const;

    static const char* name(Server s);

private:
    qint64 pid(Server s) const;
    QList<qint64> processTree(qint64 root) const;
    static void continueLauncher(qint64 server);

    QTemporaryDir m_dir;
    SandboxInfo m_info;
    bool m_ok = false;
    QString m_error;
    QList<qint64> m_frozen[3];
    /// How each server was launched (program + args, working directory, owner), taken before
    /// any fault so that restart() does not depend on the dead process.
    struct Launch {
        QStringList argv;
        QString cwd;
        QString user; ///< empty: as this process's user
        QString log;
    };
    Launch m_launch[3];
};

} // namespace lockscope::test
