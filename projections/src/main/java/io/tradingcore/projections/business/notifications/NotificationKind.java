package io.tradingcore.projections.business.notifications;

import java.util.Locale;

/** What a notification is about; a user turns each kind on or off (all on until the user says otherwise). */
public enum NotificationKind
{
    RISK_ALERT,
    KILL_SWITCH,
    LATE_FILL,
    POSITION_MISMATCH,
    DAILY_PNL,
    INVOICE,
    PAYMENT;

    /** The name in the database and the API: {@code risk_alert}. */
    public String apiName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code apiName}; IllegalArgumentException naming the kinds there are otherwise. */
    public static NotificationKind of(final String apiName)
    {
        for (final NotificationKind kind : values())
        {
            if (kind.apiName().equals(apiName))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("no notification kind '" + apiName + "'; there are " + names());
    }

    /** Every kind's API name, comma separated. */
    public static String names()
    {
        final StringBuilder names = new StringBuilder();
        for (final NotificationKind kind : values())
        {
            names.append(names.length() == 0 ? "" : ", ").append(kind.apiName());
        }
        return names.toString();
    }
}
