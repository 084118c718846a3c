"""A demo term of free digital-skills sessions at the demo venues.

ILLUSTRATIVE DEMO DATA, NOT THE COUNCIL'S REAL TIMETABLE. Which sessions run where,
and when, is made up to show the booking pages with something realistic; only the
venues and their opening hours come from the shared reference file (section 1, via
places/demo_venues.py). Every slot sits inside its venue's weekly hours and outside
the branch libraries' 13:00-14:00 lunch closing; the loader refuses a slot that does
not, and leaves out dates on bank holidays and closures. Tynemouth Library is closed
until further notice and so has no sessions.

Titles and descriptions are data, written in English and not translated: a session
taught in Polish or Arabic says so in its `language`, not its title. Accessibility
notes and what to bring are assumed for the demo, hence "check before use".

Weekdays: 0 = Monday ... 6 = Sunday. Weekly and fortnightly runs follow the calendar
(fortnightly ones on even or odd weeks counted from a fixed Monday), so loading again
in a later week carries on the same dates rather than starting new ones. One-offs fall
in a given week of the term, counted from the Monday of the week the data is loaded.
"""

from datetime import time

from inclusion.sessions.models import Frequency, Level, Topic

_STEP_FREE_AND_LOOP = "Ask the library about step-free access and a hearing loop before you come."
_PHONE_AND_CHARGER = "Your phone or tablet and its charger."

_GET_STARTED = {
    "title": "Get started with a computer",
    "topic": Topic.GETTING_STARTED,
    "level": Level.BEGINNER,
    "description": (
        "For anyone who has never used a computer, or not for a long time. Use the "
        "mouse and keyboard, find things on the internet and set up an email address, "
        "at your own pace with a helper beside you."
    ),
    "what_to_bring": "Nothing: we have computers. Bring your reading glasses if you use them.",
}

_SMARTPHONE = {
    "title": "Using your smartphone or tablet",
    "topic": Topic.SMARTPHONES,
    "level": Level.BEGINNER,
    "description": (
        "Get more from the phone or tablet you already have: connect to Wi-Fi, make a "
        "video call, install an app and keep it up to date."
    ),
    "what_to_bring": _PHONE_AND_CHARGER,
}

_JOBS = {
    "title": "Job search and CVs online",
    "topic": Topic.JOBS_AND_CAREERS,
    "level": Level.SOME_EXPERIENCE,
    "description": (
        "Search and apply for jobs online, write or update your CV, and find free "
        "courses such as Skills Bootcamps. For people who can already use a computer "
        "a little."
    ),
    "what_to_bring": (
        "Your CV if you have one, on paper or a USB stick, and your email address and password."
    ),
}

_SAFETY = {
    "title": "Staying safe online: scams and passwords",
    "topic": Topic.ONLINE_SAFETY,
    "level": Level.BEGINNER,
    "description": (
        "Spot a scam email or text and report it (forward texts to 7726, emails to "
        "report@phishing.gov.uk), make a strong password from three random words, and "
        "turn on 2-step verification."
    ),
    "what_to_bring": "Your phone, if you would like help with its settings.",
}

_COUNCIL = {
    "title": "Using council services online",
    "topic": Topic.COUNCIL_SERVICES,
    "level": Level.BEGINNER,
    "description": (
        "Find your way around the council's website: report a problem, pay a bill and "
        "apply for services, and set up an account to keep track of them."
    ),
    "what_to_bring": "A recent letter from the council, if you have one.",
}

# A run of dates: one SessionSeries and a SkillSession for each date in the term.
SERIES = [
    # Weekly beginners' sessions at the four Customer First Centres (open Mon-Fri).
    {
        **_GET_STARTED,
        "venue": "north-shields-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 0,
        "starts": time(10),
        "ends": time(12),
        "capacity": 8,
        "accessibility_notes": _STEP_FREE_AND_LOOP,
    },
    {
        **_GET_STARTED,
        "venue": "whitley-bay-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 1,
        "starts": time(14),
        "ends": time(16),
        "capacity": 8,
    },
    {
        **_GET_STARTED,
        "venue": "wallsend-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 2,
        "starts": time(10),
        "ends": time(12),
        "capacity": 10,
        "accessibility_notes": "There is a Changing Places toilet in the building.",
    },
    {
        **_GET_STARTED,
        "venue": "killingworth-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 3,
        "starts": time(10),
        "ends": time(12),
        "capacity": 8,
    },
    # Fortnightly at branch libraries, on the days they open (Tue/Thu or Tue/Fri),
    # morning or afternoon but never across the lunch closing.
    {
        **_SMARTPHONE,
        "venue": "howdon-library",
        "frequency": Frequency.FORTNIGHTLY,
        "week_parity": 0,
        "weekday": 1,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 6,
    },
    {
        **_SMARTPHONE,
        "venue": "shiremoor-library",
        "frequency": Frequency.FORTNIGHTLY,
        "week_parity": 1,
        "weekday": 3,
        "starts": time(14),
        "ends": time(15, 30),
        "capacity": 6,
    },
    {
        **_SMARTPHONE,
        "venue": "forest-hall-library",
        "frequency": Frequency.FORTNIGHTLY,
        "week_parity": 0,
        "weekday": 3,
        "starts": time(10, 30),
        "ends": time(12),
        "capacity": 6,
    },
    {
        **_SMARTPHONE,
        "venue": "cullercoats-library",
        "frequency": Frequency.FORTNIGHTLY,
        "week_parity": 1,
        "weekday": 4,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 6,
    },
    {
        **_SMARTPHONE,
        "venue": "longbenton-library",
        "frequency": Frequency.FORTNIGHTLY,
        "week_parity": 0,
        "weekday": 1,
        "starts": time(14),
        "ends": time(15, 30),
        "capacity": 8,
        "accessibility_notes": _STEP_FREE_AND_LOOP,
    },
    # Weekly job search help in North Shields (the borough's Jobcentre is in the town)
    # and Wallsend.
    {
        **_JOBS,
        "venue": "north-shields-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 3,
        "starts": time(14),
        "ends": time(16),
        "capacity": 10,
        "accessibility_notes": _STEP_FREE_AND_LOOP,
    },
    {
        **_JOBS,
        "venue": "wallsend-library",
        "frequency": Frequency.WEEKLY,
        "weekday": 0,
        "starts": time(14),
        "ends": time(16),
        "capacity": 10,
    },
]

# Single dates: "week" counts from the Monday of the week the data is loaded (week 1 is
# the next one). The loader keeps one upcoming session of each at its venue.
ONE_OFFS = [
    # Online safety about once a month, at a different venue each time.
    {
        **_SAFETY,
        "venue": "whitley-bay-library",
        "week": 1,
        "weekday": 2,
        "starts": time(14),
        "ends": time(15, 30),
        "capacity": 12,
    },
    {
        **_SAFETY,
        "venue": "monkseaton-library",
        "week": 5,
        "weekday": 1,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 8,
    },
    {
        **_SAFETY,
        "venue": "killingworth-library",
        "week": 9,
        "weekday": 4,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 12,
        "accessibility_notes": _STEP_FREE_AND_LOOP,
    },
    {
        **_COUNCIL,
        "venue": "north-shields-library",
        "week": 3,
        "weekday": 4,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 8,
    },
    {
        **_COUNCIL,
        "venue": "wallsend-library",
        "week": 7,
        "weekday": 3,
        "starts": time(14),
        "ends": time(15, 30),
        "capacity": 8,
    },
    # Taught in Polish and in Arabic (section 6 of the reference file): the title stays
    # in English, like every title here, and `language` says what it is taught in.
    {
        **_GET_STARTED,
        "venue": "north-shields-library",
        "language": "pl",
        "description": (
            "Taught in Polish. For anyone who has never used a computer, or not for a "
            "long time: the mouse and keyboard, the internet and email."
        ),
        "week": 4,
        "weekday": 2,
        "starts": time(14),
        "ends": time(16),
        "capacity": 8,
    },
    {
        **_SMARTPHONE,
        "venue": "wallsend-library",
        "language": "ar",
        "description": (
            "Taught in Arabic. Get more from the phone or tablet you already have: "
            "Wi-Fi, video calls and apps."
        ),
        "week": 6,
        "weekday": 1,
        "starts": time(10),
        "ends": time(11, 30),
        "capacity": 8,
    },
]
