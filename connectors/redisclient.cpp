#include "connectors/redisclient.h"

#include "connectors/callinterrupt.h"
#include "connectors/connectorerror.h"
#include "connectors/hostport.h"
#include "connectors/logging.h"
#include "connectors/redisreply.h"
#include "connectors/socketwatchdog.h"
#include "connectors/transport/securechannel.h"
#include "connectors/transport/socketutil.h"
#include "connectors/transport/tlsclient.h"

#include <QCryptographicHash>
#include <cerrno>
#include <cstring>
// sds.h (hiredis' output buffer) has no C++ guards: it must be seen first, as C.
extern "C" {
#include <hiredis/sds.h>
}
#include <hiredis/hiredis.h>
#include <optional>
#include <poll.h>
#include <sys/time.h>

namespace lockscope {

namespace {

timeval toTimeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
    return tv;
}

struct ReplyDeleter {
    void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

/// For a caller whose calls may be stopped (CallInterrupt): the socket is shut down once a stop
/// has left the server kGrace to answer. Nothing for everyone else (no cost on the hot path).
std::optional<SocketWatchdog::Guard> interruptible(const redisContext* ctx,
                                                   std::chrono::milliseconds timeout) {
    std::optional<SocketWatchdog::Guard> guard;
    if (ctx && CallInterrupt::current().stop_possible())
        guard.emplace(SocketWatchdog::arm(ctx->fd, timeout + std::chrono::seconds(1)));
    return guard;
}

QString describeArgs(const RedisClient::Args& args) {
    return args.empty() ? QStringLiteral("command")
                        : QString::fromStdString(args.front()).toUpper();
}

/// hiredis 0.14 has no timeout error code: a timeout is REDIS_ERR_IO with errno ETIMEDOUT (its
/// connect poll) or EAGAIN (SO_RCVTIMEO/SO_SNDTIMEO ran out). Its errstr is strerror() text,
/// translated to the locale's language, so it is never matched.
bool isTimeoutErrno(int e) {
    return e == ETIMEDOUT || e == EAGAIN || e == EWOULDBLOCK || e == EINPROGRESS;
}

} // namespace

RedisClient::RedisClient(RedisUri uri, Options options)
    : m_uri(std::move(uri))
    , m_options(options) {
    connect();
}

RedisClient::~RedisClient() {
    disconnect();
}

void RedisClient::disconnect() {
    if (m_ctx) {
        if (m_tls)
            m_ctx->fd = -1; // m_tls owns the socket
        redisFree(m_ctx);
        m_ctx = nullptr;
    }
    m_tls.reset();
    m_channel.reset(); // after its end is closed: the pumps end
}

void RedisClient::failIo(const char* operation, int savedErrno) {
    QString detail =
        m_ctx ? QString::fromLocal8Bit(m_ctx->errstr) : QStringLiteral("no connection");
    ConnectorError::Kind kind = ConnectorError::Kind::ConnectionLost;
    if (m_ctx && m_ctx->err == REDIS_ERR_IO && isTimeoutErrno(savedErrno)) {
        kind = ConnectorError::Kind::Timeout;
        detail = QStringLiteral("no reply within %1 ms").arg(m_options.commandTimeout.count());
    } else if (m_ctx && m_ctx->err == REDIS_ERR_EOF) {
        detail = QStringLiteral("server closed the connection");
    }
    // Which server: behind a Cluster, a Sentinel or Redlock there are several.
    detail = HostPort{m_uri.host, m_uri.port}.toString() + QStringLiteral(": ") + detail;
    disconnect();
    throw ConnectorError(Backend::Redis, kind, QString::fromLatin1(operation), detail);
}

void RedisClient::connect() {
    disconnect();
    const QByteArray host = m_uri.host.toUtf8();
    const timeval tv = toTimeval(m_options.connectTimeout);
    const auto started = std::chrono::steady_clock::now();
    errno = 0;
    redisContext* ctx = nullptr;
    const std::optional<SshTunnel> ssh = SshTunnel::current();
    if (SecureChannel::needed(m_uri.tls, ssh)) {
        // hiredis 0.14 speaks plain TCP only. A tunnel is a SecureChannel's local socket; TLS
        // is done here, on this thread (m_tls), with hiredis as encoder and parser only. The
        // handshakes' errors say what was refused (certificate, host key).
        int fd = -1;
        if (ssh) {
            m_channel = SecureChannel::open(Backend::Redis, m_uri.host, m_uri.port, TlsOptions{},
                                            ssh, m_options.connectTimeout);
            fd = m_channel->takeClientFd();
        } else {
            fd = socketutil::connectTcp(Backend::Redis, m_uri.host, m_uri.port,
                                        m_options.connectTimeout);
        }
        if (m_uri.tls.enabled) {
            try {
                m_tls = std::make_unique<TlsClient>(Backend::Redis, fd, m_uri.tls, m_uri.host,
                                                    m_uri.port, m_options.connectTimeout);
            } catch (...) {
                m_channel.reset();
                throw;
            }
            m_tls->useInline();
        }
        ctx = redisConnectFd(fd);
    } else {
        ctx = redisConnectWithTimeout(host.constData(), m_uri.port, tv);
    }
    const int savedErrno = errno;
    if (!ctx)
        throw ConnectorError(Backend::Redis, ConnectorError::Kind::Unreachable,
                             QStringLiteral("connect"), QStringLiteral("out of memory"));
    if (ctx->err) {
        const QString err = QString::fromLocal8Bit(ctx->errstr);
        // By errno (ECONNREFUSED, EHOSTUNREACH, ... are unreachable; an unknown host is
        // REDIS_ERR_OTHER), and, should errno not survive hiredis' clean-up, by the clock.
        const bool timedOut =
            ctx->err == REDIS_ERR_IO &&
            (isTimeoutErrno(savedErrno) ||
             std::chrono::steady_clock::now() - started >= m_options.connectTimeout);
        if (m_tls)
            ctx->fd = -1;
        redisFree(ctx);
        m_tls.reset();
        m_channel.reset();
        throw ConnectorError(Backend::Redis,
                             timedOut ? ConnectorError::Kind::Timeout
                                      : ConnectorError::Kind::Unreachable,
                             QStringLiteral("connect"),
                             QStringLiteral("%1:%2: %3").arg(m_uri.host).arg(m_uri.port).arg(err));
    }
    const timeval ctv = toTimeval(m_options.commandTimeout);
    redisSetTimeout(ctx, ctv);
    RedisReply::limitReader(ctx->reader);
    m_ctx = ctx;
    if (m_tls || m_channel)
        qCDebug(lcRedis).noquote() << "redis" << HostPort{m_uri.host, m_uri.port}.toString()
                                   << (m_tls ? m_tls->describeSession() : QString())
                                   << (m_channel ? m_channel->description() : QString());

    if (!m_uri.password.isEmpty()) {
        Args auth{"AUTH"};
        if (!m_uri.user.isEmpty())
            auth.push_back(m_uri.user.toStdString());
        auth.push_back(m_uri.password.toStdString());
        const RedisReply r = command(auth);
        if (r.isError()) {
            disconnect();
            // The server's text ("WRONGPASS invalid username-password pair") never holds the
            // password.
            throw ConnectorError(Backend::Redis, ConnectorError::Kind::Auth, QStringLiteral("AUTH"),
                                 QString::fromStdString(r.str));
        }
    }
    if (m_uri.db != 0) {
        const RedisReply r = command({"SELECT", std::to_string(m_uri.db)});
        if (r.isError()) {
            disconnect();
            throw ConnectorError(Backend::Redis, ConnectorError::Kind::Server,
                                 QStringLiteral("SELECT"), QString::fromStdString(r.str));
        }
    }
    // A probe so that a server which accepts but never answers fails here, not later.
    RedisReply pong;
    try {
        pong = command({"PING"});
    } catch (const ConnectorError& e) {
        // A TLS-only port drops a plain client's first command: say what it likely is.
        if (m_uri.tls.enabled || e.kind() != ConnectorError::Kind::ConnectionLost)
            throw;
        throw ConnectorError(e.backend(), e.kind(), e.operation(),
                             e.detail() + QStringLiteral(" (does the server speak TLS on this "
                                                         "port? then use rediss://)"));
    }
    if (pong.isError()) {
        const bool auth = pong.str.rfind("NOAUTH", 0) == 0;
        disconnect();
        throw ConnectorError(Backend::Redis,
                             auth              ? ConnectorError::Kind::Auth
                             : pong.isNoPerm() ? ConnectorError::Kind::NoAuth
                                               : ConnectorError::Kind::Server,
                             QStringLiteral("PING"), QString::fromStdString(pong.str));
    }
    qCDebug(lcRedis) << "connected to" << m_uri.toString();
}

void RedisClient::setIoError(int err, const char* text) {
    m_ctx->err = err;
    std::snprintf(m_ctx->errstr, sizeof m_ctx->errstr, "%s", text);
}

bool RedisClient::flushOutput() {
    if (!m_tls) {
        int done = 0;
        while (!done)
            if (redisBufferWrite(m_ctx, &done) != REDIS_OK)
                return false;
        return true;
    }
    const size_t len = sdslen(m_ctx->obuf);
    if (len == 0)
        return true;
    if (!m_tls->write(m_ctx->obuf, len)) {
        const int saved = errno;
        setIoError(REDIS_ERR_IO, std::strerror(saved));
        errno = saved;
        return false;
    }
    sdsfree(m_ctx->obuf);
    m_ctx->obuf = sdsempty();
    return true;
}

bool RedisClient::readInput() {
    if (!m_tls)
        return redisBufferRead(m_ctx) == REDIS_OK;
    char buf[16384];
    const int n = m_tls->read(buf, sizeof buf);
    if (n > 0) {
        if (redisReaderFeed(m_ctx->reader, buf, size_t(n)) != REDIS_OK) {
            setIoError(REDIS_ERR_PROTOCOL, "protocol error");
            return false;
        }
        return true;
    }
    const int saved = errno;
    if (n == 0)
        setIoError(REDIS_ERR_EOF, "Server closed the connection");
    else if (!m_tls->lastError().isEmpty())
        setIoError(REDIS_ERR_IO, m_tls->lastError().toUtf8().constData());
    else
        setIoError(REDIS_ERR_IO, std::strerror(saved));
    errno = saved;
    return false;
}

bool RedisClient::getReply(void** reply) {
    *reply = nullptr;
    if (!m_tls)
        return redisGetReply(m_ctx, reply) == REDIS_OK;
    if (redisReaderGetReply(m_ctx->reader, reply) != REDIS_OK)
        return false;
    if (*reply)
        return true;
    if (!flushOutput())
        return false;
    while (!*reply) {
        if (!readInput())
            return false;
        if (redisReaderGetReply(m_ctx->reader, reply) != REDIS_OK)
            return false;
    }
    return true;
}

void RedisClient::ensureConnected() {
    if (!m_ctx)
        connect();
}

void RedisClient::send(const Args& args) {
    ensureConnected();
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    if (redisAppendCommandArgv(m_ctx, static_cast<int>(argv.size()), argv.data(), lens.data()) !=
        REDIS_OK)
        failIo("send", errno);
    if (!flushOutput())
        failIo("send", errno);
}

bool RedisClient::readPushed(RedisReply* out, std::chrono::milliseconds timeout, int wakeFd) {
    ensureConnected();
    void* raw = nullptr;
    if (redisReaderGetReply(m_ctx->reader, &raw) != REDIS_OK)
        failIo("read", 0);
    if (!raw) {
        pollfd p[2] = {{m_ctx->fd, POLLIN, 0}, {wakeFd, POLLIN, 0}};
        const bool buffered = m_tls && m_tls->hasBuffered();
        const int ready =
            buffered ? 1 : ::poll(p, wakeFd >= 0 ? 2 : 1, static_cast<int>(timeout.count()));
        if (!buffered &&
            (ready == 0 || (ready > 0 && (p[1].revents & POLLIN) && !(p[0].revents & POLLIN))))
            return false;
        if (ready < 0 || !readInput())
            failIo("read", errno);
        if (redisReaderGetReply(m_ctx->reader, &raw) != REDIS_OK)
            failIo("read", 0);
        if (!raw)
            return false; // a partial message: the rest comes with the next read
    }
    ReplyPtr reply(static_cast<redisReply*>(raw));
    *out = RedisReply::fromHiredis(reply.get());
    return true;
}

void RedisClient::setCommandTimeout(std::chrono::milliseconds timeout) {
    m_options.commandTimeout = timeout;
    if (m_ctx)
        redisSetTimeout(m_ctx, toTimeval(timeout));
}

void RedisClient::reconnect() {
    connect();
}

RedisReply RedisClient::command(const Args& args) {
    ensureConnected();
    std::vector<const char*> argv;
    std::vector<size_t> lens;
    argv.reserve(args.size());
    lens.reserve(args.size());
    for (const auto& a : args) {
        argv.push_back(a.data());
        lens.push_back(a.size());
    }
    const auto guard = interruptible(m_ctx, m_options.commandTimeout);
    void* raw = nullptr;
    if (redisAppendCommandArgv(m_ctx, static_cast<int>(argv.size()), argv.data(), lens.data()) !=
            REDIS_OK ||
        !getReply(&raw)) {
        const int savedErrno = errno; // before anything else can overwrite it
        failIo(describeArgs(args).toLatin1().constData(), savedErrno);
    }
    ReplyPtr reply(static_cast<redisReply*>(raw));
    return RedisReply::fromHiredis(reply.get());
}

std::vector<RedisReply> RedisClient::pipeline(const std::vector<Args>& commands) {
    ensureConnected();
    const auto guard = interruptible(m_ctx, m_options.commandTimeout);
    for (const auto& args : commands) {
        std::vector<const char*> argv;
        std::vector<size_t> lens;
        for (const auto& a : args) {
            argv.push_back(a.data());
            lens.push_back(a.size());
        }
        if (redisAppendCommandArgv(m_ctx, static_cast<int>(argv.size()), argv.data(),
                                   lens.data()) != REDIS_OK)
            failIo("pipeline", errno);
    }
    std::vector<RedisReply> replies;
    replies.reserve(commands.size());
    for (size_t i = 0; i < commands.size(); ++i) {
        void* raw = nullptr;
        if (!getReply(&raw))
            failIo("pipeline", errno);
        ReplyPtr reply(static_cast<redisReply*>(raw));
        replies.push_back(RedisReply::fromHiredis(reply.get()));
    }
    return replies;
}

RedisReply RedisClient::evalScript(const std::string& script, const Args& keys, const Args& argv) {
    const std::string sha = scriptSha(script);
    Args args{"EVALSHA", sha, std::to_string(keys.size())};
    args.insert(args.end(), keys.begin(), keys.end());
    args.insert(args.end(), argv.begin(), argv.end());
    RedisReply r = command(args);
    if (r.isError() && r.str.rfind("NOSCRIPT", 0) == 0) {
        args[0] = "EVAL";
        args[1] = script;
        r = command(args);
    }
    return r;
}

QString RedisClient::nodeOf(const std::string&) {
    return HostPort{m_uri.host, m_uri.port}.toString();
}

} // namespace lockscope
