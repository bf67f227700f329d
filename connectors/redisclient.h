#pragma once

#include "connectors/redisconnection.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

struct redisContext;

namespace lockscope {

/// One synchronous hiredis connection. Every call honours the command timeout; on any I/O
/// error the connection is dropped and the next call reconnects (re-authenticating and
/// re-selecting the database). Not thread-safe: one client per thread.
class SecureChannel;
class TlsClient;

class RedisClient : public RedisConnection {
public:
    /// Connects, AUTHs and SELECTs; throws ConnectorError.
    explicit RedisClient(RedisUri uri, Options options);
    explicit RedisClient(RedisUri uri)
        : RedisClient(std::move(uri), Options{}) {}
    ~RedisClient() override;
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    RedisReply command(const Args& args) override;
    /// Sends all commands in one write and reads all replies (pipelining).
    std::vector<RedisReply> pipeline(const std::vector<Args>& commands) override;
    RedisReply evalScript(const std::string& script, const Args& keys, const Args& argv) override;
    /// {uri()}.
    std::vector<RedisUri> scanTargets() override { return {m_uri}; }
    /// "host:port" of this server.
    QString nodeOf(const std::string& key) override;

    /// Sends a command without reading its reply (SUBSCRIBE and friends).
    void send(const Args& args);
    /// Reads one pushed reply (pub/sub messages). False when none arrived within timeout, or at
    /// once when wakeFd (if given, e.g. an eventfd) becomes readable; the connection stays
    /// usable (unlike a hiredis read timeout, which poisons the context).
    bool readPushed(RedisReply* out, std::chrono::milliseconds timeout, int wakeFd = -1);
    void setCommandTimeout(std::chrono::milliseconds timeout) override;
    std::chrono::milliseconds commandTimeout() const override { return m_options.commandTimeout; }
    /// Drops the connection and connects again.
    void reconnect();
    bool isConnected() const { return m_ctx != nullptr; }
    const RedisUri& uri() const { return m_uri; }

private:
    void connect();
    void disconnect();
    /// Drops the connection and throws; savedErrno is errno right after the failed hiredis call
    /// (how a timeout is told from a broken connection).
    [[noreturn]] void failIo(const char* operation, int savedErrno);
    void ensureConnected();
    /// hiredis' redisGetReply(), with the I/O done by hiredis (plain) or by m_tls: hiredis
    /// formats the commands and parses the replies either way. False on an I/O error (m_ctx's
    /// err/errstr and errno say which, as hiredis' own would).
    bool getReply(void** reply);
    bool flushOutput();
    bool readInput();
    /// Marks m_ctx failed as hiredis would (err, errstr), for failIo().
    void setIoError(int err, const char* text);

    RedisUri m_uri;
    Options m_options;
    redisContext* m_ctx = nullptr;
    /// An SSH tunnel under hiredis; null without one.
    std::unique_ptr<SecureChannel> m_channel;
    /// rediss://: TLS on this thread (no relay), over the TCP socket or the tunnel's; it owns
    /// the socket hiredis was given (m_ctx->fd).
    std::unique_ptr<TlsClient> m_tls;
};

} // namespace lockscope
