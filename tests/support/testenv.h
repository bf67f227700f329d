#pragma once

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/zookeeperuri.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxinfo.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <functional>
#include <optional>

namespace lockscope::test {

/// The sandbox the CTest fixture started ($LOCKSCOPE_SANDBOX_DIR). Integration tests fail,
/// never skip, when it is missing: they claim to test real servers.
SandboxInfo sandbox();
RedisUri redisUri();
ZooKeeperUri zookeeperUri();
PostgresUri postgresUri();
/// The sandbox cluster's superuser (lockscope_admin): for tests that create roles or need
/// powers the `lockscope` role does not have. LockScope itself never uses it.
PostgresUri postgresAdminUri();

/// The sandbox's servers with a namespace of its own (Redis prefix, znode root, SQL schema).
NamespaceConfig isolatedNamespace(const QString& prefix);

/// Expires a ZooKeeper session the way the server does when a session is taken over: another
/// client resumes it (same id and password) and closes it. The victim may steal the session back
/// before the close lands, so this repeats until expired() holds or ~20 s pass.
bool expireZkSession(const ZooKeeperUri& uri, int64_t id, const std::string& password,
                     const std::function<bool()>& expired);

/// Runs $LOCKSCOPE_CLI with args and waits (up to 5 minutes); stdout into *out and stderr into
/// *err when given. Returns the exit code, -1 when it did not finish or crashed (an abort).
int runCli(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr);
/// The same against the fixture's sandbox, in namespace ns (--sandbox DIR --ns NS appended).
int runCliIn(const NamespaceConfig& ns, const QStringList& args, QByteArray* out = nullptr);

/// A name no other test or run uses: prefix + pid + counter + random suffix.
QString uniqueName(const QString& prefix);

/// While it lives, this process speaks German: LANG, LC_ALL and LC_MESSAGES are de_DE.UTF-8 and
/// the C library's LC_MESSAGES/LC_CTYPE follow them, so strerror() and libpq's own messages are
/// translated (numbers keep their format). Without a compiled de_DE locale on the system, one is
/// compiled with localedef into a temporary LOCPATH. active() is false when that is impossible
/// (no localedef): then the messages stay English.
class GermanMessages {
public:
    GermanMessages();
    ~GermanMessages();
    GermanMessages(const GermanMessages&) = delete;
    GermanMessages& operator=(const GermanMessages&) = delete;
    bool active() const { return m_active; }

private:
    QTemporaryDir m_locales;
    QList<QPair<QByteArray, std::optional<QByteArray>>> m_savedEnv;
    QByteArray m_savedMessages, m_savedCtype;
    bool m_active = false;
};

} // namespace lockscope::test
