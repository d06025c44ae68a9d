"""The app's one name and id, used by the window, the desktop entry, the icon and the metainfo."""

APP_NAME = "Interview Voice"
APP_ID = "org.interviewvoice.InterviewVoice"  # reverse-DNS: the .desktop file, the icon and the metainfo
