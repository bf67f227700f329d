#pragma once

#include "core/endpoints.h"
#include "core/sandbox/sandboxinfo.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QLabel;
class QPushButton;

namespace lockscope {

/// Connection profiles: the Redis URI in any topology (a single server, a Cluster's seed nodes,
/// a Sentinel set and the primary's name: the mode selector and the URI's scheme follow each
/// other), Redlock's servers (optional), the ZooKeeper connect string (one member or an
/// ensemble) and PostgreSQL, each with its password. Under each field, what the URI parser made
/// of it ("Cluster, 3 seed nodes", "Sentinel 'mymaster' via 3 sentinels") or its error.
/// Passwords go to the system keychain; when there is none, the dialog says so and asks for
/// them each time (never the settings file). "Test connection" probes each server off the GUI
/// thread.
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    /// The URI fields, in the order of the form.
    enum class Field { Redis, Redlock, ZooKeeper, Postgres };
    static constexpr int kFields = 4;
    /// The Redis mode selector's entries (RedisTopology's order).
    enum class RedisMode { Single, Cluster, Sentinel };

    explicit ConnectionDialog(const Endpoints& current, QWidget* parent = nullptr);
    /// The URIs with passwords filled in (only in memory).
    Endpoints endpoints() const;
    QString validationError() const;
    /// Fills the URIs and their passwords from the sandbox in dir (its stack.json): an ha
    /// sandbox's Redis Cluster (the mode selector switches to its Sentinel set), its Redlock
    /// servers and ensemble; false, with the reason shown, when there is none. "Use sandbox…"
    /// asks for dir, then calls this.
    bool useSandbox(const QString& dir);
    /// The sandbox directory the URIs were last loaded from (empty after a profile was loaded):
    /// the console watches it, offers to reconnect when the sandbox restarts on new ports, and
    /// lets the Demo page's faults act on its servers.
    QString sandboxDir() const { return m_sandboxDir; }
    /// The sandbox the current URIs came from (the console's): kept when Connect is pressed, and
    /// the Redis mode selector takes its Cluster or Sentinel URI. The fields are left as they are.
    void setSandbox(const QString& dir);
    /// Loads a saved profile: its URIs now, its passwords when the keychain answers.
    void loadProfile(const QString& name);
    /// What the keychain did last: Unknown until a profile was saved or loaded.
    enum class Keychain { Unknown, Available, Unavailable };
    Keychain keychain() const { return m_keychainState; }
    QLabel* keychainLabel() const { return m_keychain; }
    QLabel* statusLabel() const { return m_status; }
    QComboBox* profileBox() const { return m_profile; }
    QComboBox* redisModeBox() const { return m_redisMode; }
    QLineEdit* uriEdit(Field f) const { return m_uri[int(f)]; }
    QLineEdit* passwordEdit(Field f) const { return m_password[int(f)]; }
    /// What the parser made of the field, or its error (in red).
    QLabel* summaryLabel(Field f) const { return m_summary[int(f)]; }
    /// The SSH bastion field (ssh://user@host[:port]?identity=&known_hosts=; empty: none) and
    /// what the parser made of it.
    QLineEdit* sshEdit() const { return m_ssh; }
    QLabel* sshSummaryLabel() const { return m_sshSummary; }
    QPushButton* testButton() const { return m_test; }
    /// "Test connection"'s findings, one line per server; empty before.
    QLabel* testLabel() const { return m_testResult; }
    /// Probes still running after "Test connection".
    int testsRunning() const { return m_testsRunning; }
    /// Saves the profile named in the profile box: URIs in the settings, passwords in the
    /// keychain; the status says what was stored once the keychain answered.
    void saveProfile();
    /// The passwords last saved are all in the keychain (false while saving).
    bool savedPasswordsStored() const { return m_savedStored; }
    bool saving() const { return m_pendingWrites > 0; }

private:
    void buildFields(QFormLayout* form, const Endpoints& current);
    void validate();
    void setStatus(const QString& html);
    void showUri(Field f, const QString& uri);
    /// The field's URI with its password, or throws UriError.
    QString fieldUri(Field f) const;
    /// What the parser made of the field, for people; throws UriError.
    QString summaryOf(Field f) const;
    /// The SSH field's summary; throws UriError.
    QString sshSummary() const;
    QString summaryWithoutTls(Field f) const;
    void redisModeChosen(int index);
    void followRedisScheme();
    void testConnections();
    void keychainUnavailable(const QString& why);
    void savedOne(const QString& name, const QString& error);

    QComboBox* m_profile;
    QComboBox* m_redisMode;
    QLineEdit* m_uri[kFields];
    QLineEdit* m_password[kFields];
    QLabel* m_summary[kFields];
    QLineEdit* m_ssh;
    QLabel* m_sshSummary;
    QLabel* m_status;
    QLabel* m_keychain;
    QLabel* m_testResult;
    QPushButton* m_ok;
    QPushButton* m_test;
    QString m_sandboxDir;
    std::optional<SandboxInfo> m_sandbox; ///< the sandbox loaded by useSandbox
    Keychain m_keychainState = Keychain::Unknown;
    int m_pendingWrites = 0;
    int m_saveGeneration = 0;
    int m_writtenPasswords = 0;
    int m_testsRunning = 0;
    int m_testGeneration = 0;
    QStringList m_testLines;
    QStringList m_writeErrors;
    bool m_savedStored = false;
};

} // namespace lockscope
