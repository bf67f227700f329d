#include "gui/connectiondialog.h"

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "gui/profilestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <qt6keychain/keychain.h>

namespace lockscope {

namespace {
const QString kBackends[3] = {QStringLiteral("redis"), QStringLiteral("zookeeper"),
                              QStringLiteral("postgres")};
const QString kService = QStringLiteral("LockScope");
} // namespace

ConnectionDialog::ConnectionDialog(const Endpoints& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Connections"));
    setMinimumWidth(640);
    auto* layout = new QVBoxLayout(this);
    auto* profileRow = new QHBoxLayout;
    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    m_profile->addItems(ProfileStore::names());
    m_profile->setCurrentText(tr("current"));
    auto* save = new QPushButton(tr("Save profile"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    profileRow->addWidget(new QLabel(tr("Profile:"), this));
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(save);
    profileRow->addWidget(remove);
    layout->addLayout(profileRow);
    auto* form = new QFormLayout;
    const QString labels[3] = {QStringLiteral("Redis"), QStringLiteral("ZooKeeper"),
                               QStringLiteral("PostgreSQL")};
    const QString values[3] = {current.redis, current.zookeeper, current.postgres};
    for (int i = 0; i < 3; ++i) {
        QString password;
        m_uri[i] =
            new QLineEdit(ProfileStore::stripPassword(kBackends[i], values[i], &password), this);
        m_password[i] = new QLineEdit(password, this);
        m_password[i]->setEchoMode(QLineEdit::Password);
        m_password[i]->setPlaceholderText(tr("password (optional)"));
        m_password[i]->setMaximumWidth(180);
        auto* row = new QHBoxLayout;
        row->addWidget(m_uri[i], 1);
        row->addWidget(m_password[i]);
        form->addRow(labels[i] + QLatin1Char(':'), row);
        connect(m_uri[i], &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    }
    layout->addLayout(form);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_keychain = new QLabel(
        tr("Passwords are kept in the system keychain, never in the settings file."), this);
    m_keychain->setWordWrap(true);
    layout->addWidget(m_keychain);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Connect"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(remove, &QPushButton::clicked, this, [this] {
        ProfileStore::remove(m_profile->currentText());
        for (const QString& b : kBackends) {
            auto* job = new QKeychain::DeletePasswordJob(kService, this);
            job->setKey(ProfileStore::keychainKey(m_profile->currentText(), b));
            job->start();
        }
        m_profile->removeItem(m_profile->currentIndex());
    });
    connect(m_profile, &QComboBox::textActivated, this, &ConnectionDialog::loadProfile);
    validate();
}

void ConnectionDialog::keychainUnavailable(const QString& why) {
    m_keychain->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                            .arg(tr("No system keychain is available (%1): passwords are not "
                                    "stored, you will be asked "
                                    "for them each time.")
                                     .arg(why.toHtmlEscaped())));
}

void ConnectionDialog::loadProfile(const QString& name) {
    if (!ProfileStore::names().contains(name))
        return;
    const Endpoints e = ProfileStore::load(name);
    const QString uris[3] = {e.redis, e.zookeeper, e.postgres};
    for (int i = 0; i < 3; ++i) {
        m_uri[i]->setText(uris[i]);
        m_password[i]->clear();
        auto* job = new QKeychain::ReadPasswordJob(kService, this);
        job->setKey(ProfileStore::keychainKey(name, kBackends[i]));
        connect(job, &QKeychain::Job::finished, this, [this, i, job, name] {
            if (job->error() == QKeychain::NoError) {
                m_password[i]->setText(job->textData());
            } else if (job->error() != QKeychain::EntryNotFound) {
                keychainUnavailable(job->errorString());
                bool ok = false;
                const QString pw = QInputDialog::getText(
                    this, tr("Password"),
                    tr("No keychain: password for %1 in profile '%2' (leave empty for none):")
                        .arg(kBackends[i], name),
                    QLineEdit::Password, QString(), &ok);
                if (ok)
                    m_password[i]->setText(pw);
            }
        });
        job->start();
    }
}

void ConnectionDialog::saveProfile() {
    const QString name = m_profile->currentText().trimmed();
    if (name.isEmpty())
        return;
    ProfileStore::save(name, endpoints());
    for (int i = 0; i < 3; ++i) {
        if (m_password[i]->text().isEmpty())
            continue;
        auto* job = new QKeychain::WritePasswordJob(kService, this);
        job->setKey(ProfileStore::keychainKey(name, kBackends[i]));
        job->setTextData(m_password[i]->text());
        connect(job, &QKeychain::Job::finished, this, [this, job] {
            if (job->error() != QKeychain::NoError)
                keychainUnavailable(job->errorString());
        });
        job->start();
    }
    if (m_profile->findText(name) < 0)
        m_profile->addItem(name);
    m_status->setText(tr("Profile '%1' saved.").arg(name));
}

QString ConnectionDialog::validationError() const {
    const QString labels[3] = {QStringLiteral("Redis"), QStringLiteral("ZooKeeper"),
                               QStringLiteral("PostgreSQL")};
    for (int i = 0; i < 3; ++i) {
        try {
            const QString uri =
                ProfileStore::withPassword(kBackends[i], m_uri[i]->text(), m_password[i]->text());
            if (i == 0)
                RedisUri::parse(uri);
            else if (i == 1)
                ZooKeeperUri::parse(uri);
            else
                PostgresUri::parse(uri);
        } catch (const UriError& e) {
            return tr("%1: %2 (%3)").arg(labels[i], e.message(), e.part());
        }
    }
    return {};
}

void ConnectionDialog::validate() {
    const QString error = validationError();
    m_status->setText(
        error.isEmpty()
            ? QString()
            : QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(error.toHtmlEscaped()));
    m_ok->setEnabled(error.isEmpty());
}

Endpoints ConnectionDialog::endpoints() const {
    Endpoints e;
    QString* out[3] = {&e.redis, &e.zookeeper, &e.postgres};
    for (int i = 0; i < 3; ++i) {
        try {
            *out[i] =
                ProfileStore::withPassword(kBackends[i], m_uri[i]->text(), m_password[i]->text());
        } catch (const UriError&) {
            *out[i] = m_uri[i]->text();
        }
    }
    return e;
}

} // namespace lockscope
