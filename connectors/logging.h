#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcRedis)
Q_DECLARE_LOGGING_CATEGORY(lcZooKeeper)
Q_DECLARE_LOGGING_CATEGORY(lcPostgres)
