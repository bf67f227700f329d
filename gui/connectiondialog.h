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

private:
    void loadProfile(const QString& name);
    void saveProfile();
    void validate();
    void keychainUnavailable(const QString& why);

    QComboBox* m_profile;
    QLineEdit* m_uri[3];
    QLineEdit* m_password[3];
    QLabel* m_status;
    QLabel* m_keychain;
    QPushButton* m_ok;
};

} // namespace lockscope
