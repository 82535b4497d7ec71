# The CPU priority of the platform's processes beside the core: the local database servers and the projections.
# Sourced by scripts/common.sh and scripts/lib/databases.sh; sets PLATFORM_PRIORITY, a command prefix (an array).
#
# On a machine shared with the core (two cores here), the core comes first: they run in Linux's SCHED_IDLE class
# (chrt --idle 0), which takes only CPU time no normal process wants, so a busy core is never preempted by them; a
# projection that falls behind catches up from the journal when the core has time. TC_PLATFORM_PRIORITY=normal runs
# them like any process (for a machine of their own); without chrt they run at niceness 10.
if [[ "${TC_PLATFORM_PRIORITY:-idle}" == normal ]]; then
    PLATFORM_PRIORITY=()
elif command -v chrt >/dev/null 2>&1 && chrt --idle 0 true 2>/dev/null; then
    PLATFORM_PRIORITY=(chrt --idle 0)
else
    PLATFORM_PRIORITY=(nice -n 10)
fi
