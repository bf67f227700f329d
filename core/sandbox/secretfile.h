#pragma once

#include <QByteArray>
#include <QString>
#include <sys/types.h>

namespace lockscope {

/// A file that hands a secret to a child process (initdb's --pwfile). open(2) creates it with
/// mode 0600 (O_CREAT | O_EXCL | O_NOFOLLOW), so it is never readable by anyone but its owner,
/// not for an instant, and it is never a file or a link someone else put at that path; it is
/// given to its owner before a byte is written, and removed when this object goes away,
/// whatever ended the work (a failed or timed-out child, an exception).
class SecretFile {
public:
    struct Owner {
        bool change = false; ///< chown to uid:gid (root handing the file to `postgres`)
        uid_t uid = 0;
        gid_t gid = 0;
    };

    /// A generated password: 24 characters of an alphabet without look-alikes, from the
    /// system's random source (the sandbox's roles and users).
    static QString randomPassword();

    /// Creates path, empty. Throws SandboxError(server) when it exists or cannot be created.
    SecretFile(const QString& path, const QString& server, Owner owner);
    SecretFile(const QString& path, const QString& server);
    /// Removes the file.
    ~SecretFile();
    SecretFile(const SecretFile&) = delete;
    SecretFile& operator=(const SecretFile&) = delete;

    /// Writes secret and closes the file. Throws SandboxError(server) on a short write.
    void write(const QByteArray& secret);
    const QString& path() const { return m_path; }

private:
    [[noreturn]] void fail(const QString& what);

    QString m_path;
    QString m_server;
    int m_fd = -1;
};

} // namespace lockscope
