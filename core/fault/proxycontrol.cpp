#include "core/fault/proxycontrol.h"

#include "core/fault/proxycontrolerror.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonValue>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace lockscope {

namespace {

using Kind = ProxyControlError::Kind;
constexpr int kMaxLine = 64 * 1024;

QString errnoText(int error) {
    return QString::fromLocal8Bit(std::strerror(error));
}

/// A sockaddr_un for path. A path longer than sun_path holds is reached as
/// /proc/self/fd/<fd of its directory>/<name>, the directory held open while the address is.
class UnixAddress {
public:
    explicit UnixAddress(const QString& path) {
        QByteArray bytes = QFile::encodeName(path);
        if (bytes.size() >= qsizetype(sizeof m_addr.sun_path)) {
            const QFileInfo info(path);
            m_dirFd = ::open(QFile::encodeName(info.absolutePath()).constData(),
                             O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (m_dirFd < 0)
                throw ProxyControlError(Kind::NotRunning,
                                        QStringLiteral("%1: %2").arg(path, errnoText(errno)));
            bytes = "/proc/self/fd/" + QByteArray::number(m_dirFd) + '/' +
                    QFile::encodeName(info.fileName());
            if (bytes.size() >= qsizetype(sizeof m_addr.sun_path))
                throw ProxyControlError(Kind::Refused,
                                        QStringLiteral("%1: socket name too long").arg(path));
        }
        m_addr.sun_family = AF_UNIX;
        std::memcpy(m_addr.sun_path, bytes.constData(), std::size_t(bytes.size()));
        m_length = socklen_t(offsetof(sockaddr_un, sun_path) + std::size_t(bytes.size()) + 1);
    }
    ~UnixAddress() {
        if (m_dirFd >= 0)
            ::close(m_dirFd);
    }
    UnixAddress(const UnixAddress&) = delete;
    UnixAddress& operator=(const UnixAddress&) = delete;
    const sockaddr* addr() const { return reinterpret_cast<const sockaddr*>(&m_addr); }
    socklen_t length() const { return m_length; }

private:
    sockaddr_un m_addr{};
    socklen_t m_length = 0;
    int m_dirFd = -1;
};

int msLeft(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return int(std::max<qint64>(0, left.count()));
}

QJsonValue optionalMs(const std::optional<std::chrono::milliseconds>& ms) {
    return ms ? QJsonValue(qint64(ms->count())) : QJsonValue(QJsonValue::Null);
}

std::optional<std::chrono::milliseconds> msFromJson(const QJsonValue& v) {
    if (v.isNull() || v.isUndefined())
        return std::nullopt;
    return std::chrono::milliseconds(v.toInteger());
}

ProxyControl::State stateFromJson(const QJsonObject& o) {
    ProxyControl::State s;
    const auto mode = ProxyControl::modeFromName(o.value(QStringLiteral("mode")).toString());
    if (!mode)
        throw ProxyControlError(Kind::Refused, QStringLiteral("fault proxy: reply without a mode"));
    s.mode = *mode;
    s.delay = std::chrono::milliseconds(o.value(QStringLiteral("delay_ms")).toInteger());
    s.restoreIn = msFromJson(o.value(QStringLiteral("restore_in_ms")));
    s.listenPort = o.value(QStringLiteral("listen_port")).toInt();
    s.upstream = o.value(QStringLiteral("upstream")).toString();
    const QJsonObject st = o.value(QStringLiteral("stats")).toObject();
    auto n = [&](const char* key) {
        return std::uint64_t(st.value(QLatin1String(key)).toInteger());
    };
    s.stats.accepted = n("accepted");
    s.stats.open = n("open");
    s.stats.upstreamFailures = n("upstream_failures");
    s.stats.bytesToUpstream = n("bytes_to_upstream");
    s.stats.bytesToClient = n("bytes_to_client");
    s.stats.droppedToUpstream = n("dropped_to_upstream");
    s.stats.droppedToClient = n("dropped_to_client");
    return s;
}

} // namespace

std::optional<ProxyControl::Mode> ProxyControl::modeFromName(const QString& name) {
    for (const Mode m : {Mode::Pass, Mode::Blackhole, Mode::Drop, Mode::Delay})
        if (FaultProxy::modeName(m) == name)
            return m;
    return std::nullopt;
}

QByteArray ProxyControl::encodeRequest(const Request& request) {
    QJsonObject o{{QStringLiteral("op"),
                   request.op == Request::Op::Get ? QStringLiteral("get") : QStringLiteral("set")}};
    if (request.op == Request::Op::Set) {
        o.insert(QStringLiteral("mode"), FaultProxy::modeName(request.mode));
        o.insert(QStringLiteral("delay_ms"), qint64(request.delay.count()));
        o.insert(QStringLiteral("for_ms"), optionalMs(request.restoreAfter));
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

std::optional<ProxyControl::Request> ProxyControl::decodeRequest(const QByteArray& line,
                                                                 QString* error) {
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("not a JSON object: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    const QJsonObject o = doc.object();
    Request r;
    const QString op = o.value(QStringLiteral("op")).toString();
    if (op == u"get")
        return r;
    if (op != u"set") {
        *error = QStringLiteral("unknown op '%1' (get or set)").arg(op);
        return std::nullopt;
    }
    r.op = Request::Op::Set;
    const QString modeName = o.value(QStringLiteral("mode")).toString();
    const auto mode = modeFromName(modeName);
    if (!mode) {
        *error = QStringLiteral("unknown mode '%1' (pass, blackhole, drop or delay)").arg(modeName);
        return std::nullopt;
    }
    r.mode = *mode;
    const qint64 delay = o.value(QStringLiteral("delay_ms")).toInteger();
    const auto restore = msFromJson(o.value(QStringLiteral("for_ms")));
    if (delay < 0 || (restore && restore->count() < 0)) {
        *error = QStringLiteral("delay_ms and for_ms must not be negative");
        return std::nullopt;
    }
    r.delay = std::chrono::milliseconds(delay);
    r.restoreAfter = restore;
    return r;
}

QJsonObject ProxyControl::stateToJson(const State& s) {
    return QJsonObject{
        {QStringLiteral("mode"), FaultProxy::modeName(s.mode)},
        {QStringLiteral("delay_ms"), qint64(s.delay.count())},
        {QStringLiteral("restore_in_ms"), optionalMs(s.restoreIn)},
        {QStringLiteral("listen_port"), s.listenPort},
        {QStringLiteral("upstream"), s.upstream},
        {QStringLiteral("stats"),
         QJsonObject{{QStringLiteral("accepted"), qint64(s.stats.accepted)},
                     {QStringLiteral("open"), qint64(s.stats.open)},
                     {QStringLiteral("upstream_failures"), qint64(s.stats.upstreamFailures)},
                     {QStringLiteral("bytes_to_upstream"), qint64(s.stats.bytesToUpstream)},
                     {QStringLiteral("bytes_to_client"), qint64(s.stats.bytesToClient)},
                     {QStringLiteral("dropped_to_upstream"), qint64(s.stats.droppedToUpstream)},
                     {QStringLiteral("dropped_to_client"), qint64(s.stats.droppedToClient)}}},
    };
}

QByteArray ProxyControl::encodeReply(const Reply& reply) {
    const QJsonObject o{{QStringLiteral("ok"), true},
                        {QStringLiteral("before"), stateToJson(reply.before)},
                        {QStringLiteral("after"), stateToJson(reply.after)}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray ProxyControl::encodeError(const QString& error) {
    const QJsonObject o{{QStringLiteral("ok"), false}, {QStringLiteral("error"), error}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

ProxyControl::Reply ProxyControl::decodeReply(const QByteArray& line) {
    const QJsonDocument doc = QJsonDocument::fromJson(line);
    if (!doc.isObject())
        throw ProxyControlError(Kind::Refused, QStringLiteral("fault proxy: not a reply"));
    const QJsonObject o = doc.object();
    if (!o.value(QStringLiteral("ok")).toBool())
        throw ProxyControlError(
            Kind::Refused,
            QStringLiteral("fault proxy: %1").arg(o.value(QStringLiteral("error")).toString()));
    return Reply{stateFromJson(o.value(QStringLiteral("before")).toObject()),
                 stateFromJson(o.value(QStringLiteral("after")).toObject())};
}

int ProxyControl::listen(const QString& path) {
    const UnixAddress address(path);
    ::unlink(QFile::encodeName(path).constData()); // a stale socket of an earlier run
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw ProxyControlError(Kind::Refused, QStringLiteral("socket: %1").arg(errnoText(errno)));
    // Created 0600 from the start (never readable by others, not for an instant).
    const mode_t previous = ::umask(0177);
    const bool bound = ::bind(fd, address.addr(), address.length()) == 0;
    const int error = errno;
    ::umask(previous);
    if (!bound || ::listen(fd, 16) != 0) {
        const int e = bound ? errno : error;
        ::close(fd);
        throw ProxyControlError(Kind::Refused,
                                QStringLiteral("cannot listen on %1: %2").arg(path, errnoText(e)));
    }
    return fd;
}

ProxyControl::Reply ProxyControl::ask(const QString& socketPath, const Request& request,
                                      std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const UnixAddress address(socketPath);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        throw ProxyControlError(Kind::NoAnswer, QStringLiteral("socket: %1").arg(errnoText(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    // A unix connect does not wait on the network: it succeeds, or fails at once (no socket
    // file, nobody listening), or would block on a full backlog (then the deadline below).
    if (::connect(fd, address.addr(), address.length()) != 0) {
        const int e = errno;
        throw ProxyControlError(
            e == ENOENT || e == ECONNREFUSED ? Kind::NotRunning : Kind::NoAnswer,
            QStringLiteral("fault proxy at %1: %2").arg(socketPath, errnoText(e)));
    }
    const QByteArray line = encodeRequest(request);
    qsizetype sent = 0;
    while (sent < line.size()) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, msLeft(deadline)) <= 0)
            throw ProxyControlError(Kind::NoAnswer,
                                    QStringLiteral("fault proxy at %1: no answer within %2 ms")
                                        .arg(socketPath)
                                        .arg(timeout.count()));
        const ssize_t n = ::send(fd, line.constData() + sent, std::size_t(line.size() - sent),
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            throw ProxyControlError(
                Kind::NoAnswer,
                QStringLiteral("fault proxy at %1: %2").arg(socketPath, errnoText(errno)));
        if (n > 0)
            sent += n;
    }
    QByteArray reply;
    char buffer[4096];
    while (!reply.contains('\n')) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, msLeft(deadline)) <= 0)
            throw ProxyControlError(Kind::NoAnswer,
                                    QStringLiteral("fault proxy at %1: no answer within %2 ms")
                                        .arg(socketPath)
                                        .arg(timeout.count()));
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0)
            throw ProxyControlError(
                Kind::NoAnswer,
                QStringLiteral("fault proxy at %1: closed without an answer").arg(socketPath));
        if (n < 0 && errno != EAGAIN && errno != EINTR)
            throw ProxyControlError(
                Kind::NoAnswer,
                QStringLiteral("fault proxy at %1: %2").arg(socketPath, errnoText(errno)));
        if (n > 0)
            reply.append(buffer, n);
        if (reply.size() > kMaxLine)
            throw ProxyControlError(
                Kind::Refused, QStringLiteral("fault proxy at %1: reply too long").arg(socketPath));
    }
    return decodeReply(reply.left(reply.indexOf('\n')));
}

} // namespace lockscope
