#include "core/fault/sandboxrepair.h"

#include "core/logging.h"
#include "core/sandbox/sandbox.h"
#include "core/sandbox/sandboxerror.h"

#include <QFile>
#include <csignal>

namespace lockscope {

SandboxRepair::State SandboxRepair::stateOf(qint64 pid) {
    if (pid <= 0)
        return State::Dead;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return State::Dead;
    // "pid (comm) S ...": the state follows the last ')' (comm may hold one).
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    const char s = close >= 0 && close + 2 < line.size() ? line.at(close + 2) : 'X';
    switch (s) {
    case 'Z':
    case 'X':
    case 'x':
        return State::Dead;
    case 'T':
    case 't':
        return State::Stopped;
    default:
        return State::Running;
    }
}

QString SandboxRepair::restore(SandboxInfo& info, SandboxProcess::Role role, int index,
                               std::chrono::milliseconds timeout) {
    const SandboxProcess* p = info.process(role, index);
    if (!p)
        throw SandboxError({}, QStringLiteral("the sandbox in %1 records no %2 %3")
                                   .arg(info.dir, SandboxProcess::roleName(role))
                                   .arg(index));
    const QString name = QStringLiteral("%1 %2 (127.0.0.1:%3, pid %4)")
                             .arg(SandboxProcess::roleName(role))
                             .arg(index)
                             .arg(p->port)
                             .arg(p->pid);
    switch (stateOf(p->pid)) {
    case State::Running:
        return {};
    case State::Stopped:
        if (::kill(pid_t(p->pid), SIGCONT) != 0)
            throw SandboxError({},
                               QStringLiteral("%1 is stopped and cannot be continued").arg(name));
        qCInfo(lcDemo) << "restored:" << name << "was stopped: continued";
        return QStringLiteral("%1 was stopped: continued").arg(name);
    case State::Dead:
        break;
    }
    const qint64 pid = Sandbox::restartProcess(info, role, index, timeout);
    qCInfo(lcDemo) << "restored:" << name << "was dead: started again as pid" << pid;
    return QStringLiteral("%1 was dead: started again as pid %2").arg(name).arg(pid);
}

} // namespace lockscope
