#pragma once

#include "core/endpoints.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QLabel;
class QPushButton;

namespace lockscope {

/// Connection profiles: three URIs and three passwords. Passwords go to the system keychain;
/// when there is none, the dialog says so and asks for them each time (never the settings file).
class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectionDialog(const Endpoints& current, QWidget* parent = nullptr);
    /// The URIs with passwords filled in (only in memory).
    Endpoints endpoints() const;
    QString validationError() const;
    /// Fills all three URIs and their passwords from the sandbox in dir (its stack.json); false,
    /// with the reason shown, when there is none. "Use sandbox…" asks for dir, then calls this.
    bool useSandbox(const QString& dir);
    /// The sandbox directory the URIs were last loaded from (empty after a profile was loaded):
    /// the console watches it and offers to reconnect when the sandbox restarts on new ports.
    QString sandboxDir() const { return m_sandboxDir; }
    /// What the keychain did last: Unknown until a profile was saved or loaded.
    enum class Keychain { Unknown, Available, Unavailable };
    Keychain keychain() const { return m_keychainState; }
    QLabel* keychainLabel() const { return m_keychain; }
    QLabel* statusLabel() const { return m_status; }
    QComboBox* profileBox() const { return m_profile; }
    /// Saves the profile named in the profile box: URIs in the settings, passwords in the
    /// keychain; the status says what was stored once the keychain answered.
    void saveProfile();
    /// The passwords last saved are all in the keychain (false while saving).
    bool savedPasswordsStored() const { return m_savedStored; }
    bool saving() const { return m_pendingWrites > 0; }

private:
    void loadProfile(const QString& name);
    void validate();
    void keychainUnavailable(const QString& why);
    void savedOne(const QString& name, const QString& error);

    QComboBox* m_profile;
    QLineEdit* m_uri[3];
    QLineEdit* m_password[3];
    QLabel* m_status;
    QLabel* m_keychain;
    QPushButton* m_ok;
    QString m_sandboxDir;
    Keychain m_keychainState = Keychain::Unknown;
    int m_pendingWrites = 0;
    int m_saveGeneration = 0;
    int m_writtenPasswords = 0;
    QStringList m_writeErrors;
    bool m_savedStored = false;
};

} // namespace lockscope
