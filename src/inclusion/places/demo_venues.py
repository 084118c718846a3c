"""Demo venues: North Tyneside's libraries and Customer First Centres.

Every fact here comes from the shared reference file
(../shared/reference/north-tyneside-facts.md, section 1 and its notes on public
PCs, Wi-Fi and Warm Welcome); the wording is our own. Each venue's
`check_before_use` list says, in plain English, what is unconfirmed, disputed
between sources or assumed for the demo. It is shown to staff, never to residents.
Opening hours are the council's 2021-23 figures and must be confirmed before use.

Left out on purpose, because residents cannot drop in to them:
- the mobile and children's mobile library base (The Killingworth Site, Harvey
  Combe, Station Road, Killingworth, NE12 6QQ): a depot for vans that tour on a
  timetable, not a place to visit;
- the council headquarters (Quadrant, The Silverlink North, Cobalt Business Park,
  NE27 0BY): offices, not a drop-in venue.
No source lists a library in Camperdown or Seaton Burn, so there is none here.
"""

from datetime import date, time

# Weekly hours patterns: weekday 0 = Monday ... 6 = Sunday; each a list of (opens, closes).
# A day that is missing is a closed day. A lunch break makes two periods.

# North Shields, Whitley Bay, Wallsend and Killingworth: 46.5 hours a week.
CUSTOMER_FIRST_CENTRE_HOURS = {
    0: [(time(9), time(17, 30))],
    1: [(time(9), time(17, 30))],
    2: [(time(9), time(17, 30))],
    3: [(time(9), time(17, 30))],
    4: [(time(9), time(17, 30))],
    5: [(time(9), time(13))],
}

# Battle Hill, Forest Hall, Howdon, John Willie Sams, Shiremoor, Wideopen: 19 hours a week.
BRANCH_TUESDAY_THURSDAY_HOURS = {
    1: [(time(9), time(13)), (time(14), time(17, 30))],
    3: [(time(9), time(13)), (time(14), time(17, 30))],
    5: [(time(9), time(13))],
}

# Cullercoats, Longbenton, Monkseaton. The source only says "closed for lunch"; we
# assume 13:00-14:00 like the other branches (this matches the 19-hour weekly total
# in the 2023 return) and flag it on each venue.
BRANCH_TUESDAY_FRIDAY_HOURS = {
    1: [(time(9), time(13)), (time(14), time(17, 30))],
    4: [(time(9), time(13)), (time(14), time(17, 30))],
    5: [(time(9), time(13))],
}

# Check-before-use notes that apply to many venues (staff only).
_CHECK_HOURS = "Opening hours are 2021-23 figures; confirm with the library before use."
_CHECK_LUNCH = (
    "Lunch closing on Tuesday and Friday assumed to be 13:00-14:00 (the source only "
    "says 'closed for lunch'); check before use."
)
_CHECK_WIFI = "Wi-Fi network name and time limit not known; check before use."
_CHECK_PCS = (
    "Number of public PCs not known, and current charges not known (around 2012 the "
    "first 30 minutes were free, then £1 an hour); check before use."
)
_CHECK_PRINTING = (
    "Printing is not in our sources: check it is offered, and what it costs, before use."
)
_CHECK_EMAIL = "Email address follows the council's pattern; check before use."
_CHECK_BRANCH_HELP = (
    "Digital help at this branch library is assumed, not confirmed; check before use."
)
_CHECK_LENDING = "Demo: lending and data SIMs planned; check before use."
_CHECK_ACCESS = (
    "Step-free access, accessible toilet, Changing Places toilet and hearing loop not "
    "known; check before use."
)
_CHECK_WARM_WELCOME = (
    "Warm Welcome hot drinks are offered at set times (2025 source, libraries in "
    "general); check this venue's times before use."
)

# Resident-facing wording reused across venues.
_WARM_WELCOME = "At set times it is a Warm Welcome space with free hot drinks."
_HUB_HELP = "Getting online is a main service at this community hub. Ask staff for help."
_BRANCH_HELP = "Ask staff if you need help getting online."

# What each branch library offers; the loader copies it, so venues never share rows.
_BRANCH_SERVICES = {
    "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
    "public_pcs": {"count": None, "notes": "Free computers to use."},
    "printing": {"notes": None},
    "digital_help": {"notes": _BRANCH_HELP},
}

_ACCESS_NOT_KNOWN = {
    "step_free": None,
    "accessible_toilet": None,
    "changing_places": None,
    "hearing_loop": None,
    "notes": None,
}

ORGANISATION = {
    "slug": "north-tyneside-council",
    "name": "North Tyneside Council",
    "url": "https://my.northtyneside.gov.uk",
    "description": (
        "North Tyneside Council runs the borough's libraries and Customer First "
        "Centres, where anyone can use free computers and Wi-Fi."
    ),
}

VENUES = [
    # --- Customer First Centres (library plus council customer services) ---
    {
        "slug": "north-shields-library",
        "name": "North Shields Library and Customer First Centre",
        "kind": "customer_first_centre",
        "address": "Northumberland Square",
        "town": "North Shields",
        "postcode": "NE30 1QU",
        "latitude": 55.0098,
        "longitude": -1.4457,
        "phone": None,
        "email": "northshields.library@northtyneside.gov.uk",
        "description": (
            "A library and the council's help desk in one building. You can use free "
            "computers and Wi-Fi, ask about council services, and get help if you "
            "are homeless or might lose your home. " + _WARM_WELCOME
        ),
        "hours": CUSTOMER_FIRST_CENTRE_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
            "device_lending": {"notes": "Borrow a device to get online at home."},
            "data_sims": {"notes": "Free data SIMs from the National Databank."},
        },
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_LENDING,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "whitley-bay-library",
        "name": "Whitley Bay Library and Customer First Centre",
        "kind": "customer_first_centre",
        "address": "York Road",
        "town": "Whitley Bay",
        "postcode": "NE26 1AB",
        "latitude": 55.0427,
        "longitude": -1.4457,
        "phone": None,
        "email": "whitleybay.library@northtyneside.gov.uk",
        "description": (
            "A library and the council's help desk in one building. You can use free "
            "computers and Wi-Fi, and get help with council services, adult social "
            "care, and services for children and young people. " + _WARM_WELCOME
        ),
        "hours": CUSTOMER_FIRST_CENTRE_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
            "device_lending": {"notes": "Borrow a device to get online at home."},
            "data_sims": {"notes": "Free data SIMs from the National Databank."},
        },
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_LENDING,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "wallsend-library",
        "name": "Wallsend Library and Customer First Centre",
        "kind": "customer_first_centre",
        "address": "16 The Forum",
        "town": "Wallsend",
        "postcode": "NE28 8JR",
        "latitude": 54.9917,
        "longitude": -1.5354,
        "phone": "0191 643 2075",
        "email": "wallsend.library@northtyneside.gov.uk",
        "description": (
            "A library and the council's help desk in one building. You can use free "
            "computers and Wi-Fi, and Citizens Advice is here too. There is a "
            "Changing Places toilet. " + _WARM_WELCOME
        ),
        "hours": CUSTOMER_FIRST_CENTRE_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
            "device_lending": {"notes": "Borrow a device to get online at home."},
            "data_sims": {"notes": "Free data SIMs from the National Databank."},
        },
        "accessibility": {
            "step_free": None,
            # A Changing Places toilet is a fully accessible toilet.
            "accessible_toilet": True,
            "changing_places": True,
            "hearing_loop": None,
            "notes": "There is a Changing Places toilet.",
        },
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_LENDING,
            _CHECK_EMAIL,
            "Phone number (0191) 643 2075 comes from a 2017 newspaper story; check before use.",
            "Step-free access and hearing loop not known; check before use.",
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "killingworth-library",
        "name": "Killingworth Library and Customer First Centre",
        "kind": "customer_first_centre",
        "address": "White Swan Centre, Citadel East",
        "town": "Killingworth",
        "postcode": "NE12 6SS",
        "latitude": 55.0360,
        "longitude": -1.5651,
        "phone": None,
        "email": "killingworth.library@northtyneside.gov.uk",
        "description": (
            "A library and the council's help desk in the White Swan Centre. You can "
            "use free computers and Wi-Fi. There are also adult learning classes and a "
            "café, and the police use the building too. " + _WARM_WELCOME
        ),
        "hours": CUSTOMER_FIRST_CENTRE_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
            "device_lending": {"notes": "Borrow a device to get online at home."},
            "data_sims": {"notes": "Free data SIMs from the National Databank."},
        },
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_LENDING,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    # --- Libraries inside the two large community centres (community hubs) ---
    {
        "slug": "john-willie-sams-library",
        "name": "John Willie Sams Centre Library",
        "kind": "community_centre",
        "address": "John Willie Sams Centre, Market Street",
        "town": "Dudley",
        "postcode": "NE23 7HS",
        "latitude": 55.0555,
        "longitude": -1.5956,
        "phone": None,
        "email": "johnwilliesams.library@northtyneside.gov.uk",
        "description": (
            "A library inside the John Willie Sams Centre, a large community centre in "
            "Dudley. You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
        },
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            "Email address follows the council's pattern, and the place name in it "
            "(johnwilliesams or dudley) is a guess; check before use.",
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
            "Hours are for the library; the community centre may keep different "
            "hours. Check before use.",
        ],
    },
    {
        "slug": "longbenton-library",
        "name": "Longbenton Library (Oxford Centre)",
        "kind": "community_centre",
        "address": "Oxford Centre, West Farm Avenue",
        "town": "Longbenton",
        "postcode": "NE12 8LT",
        "latitude": 55.0116,
        "longitude": -1.5865,
        "phone": None,
        "email": "longbenton.library@northtyneside.gov.uk",
        "description": (
            "A library inside the Oxford Centre, a large community centre with a "
            "doctors' surgery, mental health services and a café. You can use free "
            "computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_FRIDAY_HOURS,
        "services": {
            "wifi": {"network_name": None, "time_limit_minutes": None, "notes": "Free Wi-Fi."},
            "public_pcs": {"count": None, "notes": "Free computers to use."},
            "printing": {"notes": None},
            "digital_help": {"notes": _HUB_HELP},
        },
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_LUNCH,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
            "Hours are for the library; the community centre may keep different "
            "hours. Check before use.",
        ],
    },
    # --- Branch libraries ---
    {
        "slug": "battle-hill-library",
        "name": "Battle Hill Library",
        "kind": "library",
        "address": "Coastway Shopping Forum, Battle Hill",
        "town": "Wallsend",
        "postcode": "NE28 9JE",
        # Building outline (2023 data); a 2017 list puts it at 55.0029, -1.5332.
        "latitude": 55.0053,
        "longitude": -1.5187,
        "phone": None,
        "email": "battlehill.library@northtyneside.gov.uk",
        "description": (
            "A local library at the Coastway Shopping Forum. You can use free "
            "computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            "Map position: sources give 55.0053, -1.5187 (building outline) and "
            "55.0029, -1.5332 (2017 list), about 1 km apart; we use the first. "
            "Check before use.",
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "cullercoats-library",
        "name": "Cullercoats Library",
        "kind": "library",
        "address": "St George's Road",
        "town": "Cullercoats",
        "postcode": "NE30 3JY",
        "latitude": 55.0344,
        "longitude": -1.4366,
        "phone": None,
        "email": "cullercoats.library@northtyneside.gov.uk",
        "description": (
            "A small local library. You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_FRIDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_LUNCH,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "forest-hall-library",
        "name": "Forest Hall Library",
        "kind": "library",
        "address": "Whitfield Road",
        "town": "Forest Hall",
        # Council data gives NE12 7LJ; the Arts Council 2023 return gives NE12 0LJ.
        "postcode": "NE12 7LJ",
        "latitude": 55.0225,
        "longitude": -1.5658,
        "phone": None,
        "email": "foresthall.library@northtyneside.gov.uk",
        "description": (
            "A small local library. You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            "Postcode: sources give NE12 7LJ and NE12 0LJ; we use NE12 7LJ. Check before use.",
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "howdon-library",
        "name": "Howdon Library",
        "kind": "library",
        "address": "Churchill Street",
        "town": "Howdon",
        "postcode": "NE28 7TG",
        "latitude": 54.9968,
        "longitude": -1.5029,
        "phone": None,
        "email": "howdon.library@northtyneside.gov.uk",
        "description": (
            "A local library with a family learning centre. You can use free "
            "computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "monkseaton-library",
        "name": "Monkseaton Library",
        "kind": "library",
        "address": "Woodleigh Road, Monkseaton",
        "town": "Whitley Bay",
        "postcode": "NE25 8ET",
        "latitude": 55.0403,
        "longitude": -1.4683,
        "phone": None,
        "email": "monkseaton.library@northtyneside.gov.uk",
        "description": (
            "A small local library. You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_FRIDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_LUNCH,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "shiremoor-library",
        "name": "Shiremoor Library",
        "kind": "library",
        "address": "Shiremoor Resource Centre, Earsdon Road",
        "town": "Shiremoor",
        "postcode": "NE27 0HJ",
        "latitude": 55.0378,
        "longitude": -1.5069,
        "phone": None,
        "email": "shiremoor.library@northtyneside.gov.uk",
        "description": (
            "A local library in a health centre that also has doctors and a chemist. "
            "You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        "slug": "wideopen-library",
        "name": "Wideopen Library",
        "kind": "library",
        "address": "Canterbury Way",
        "town": "Wideopen",
        "postcode": "NE13 6JJ",
        "latitude": 55.0460,
        "longitude": -1.6294,
        "phone": None,
        "email": "wideopen.library@northtyneside.gov.uk",
        "description": (
            "A small local library. You can use free computers and Wi-Fi. " + _WARM_WELCOME
        ),
        "hours": BRANCH_TUESDAY_THURSDAY_HOURS,
        "services": _BRANCH_SERVICES,
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [],
        "check_before_use": [
            _CHECK_HOURS,
            _CHECK_WIFI,
            _CHECK_PCS,
            _CHECK_PRINTING,
            _CHECK_BRANCH_HELP,
            _CHECK_EMAIL,
            _CHECK_ACCESS,
            _CHECK_WARM_WELCOME,
        ],
    },
    {
        # Closed: no hours and no services, so the finder never offers it. The
        # rebuilt library is planned to have free internet and business-hours opening.
        "slug": "tynemouth-library",
        "name": "Tynemouth Library",
        "kind": "library",
        "address": "Front Street",
        "town": "Tynemouth",
        "postcode": "NE30 4DZ",
        "latitude": 55.0178,
        "longitude": -1.4227,
        "phone": None,
        # Not given while the library is closed: nobody may be reading that inbox.
        "email": None,
        "description": (
            "This library is closed while the building is rebuilt. The new building "
            "will have a library with free internet, a community space and a "
            "building society branch."
        ),
        "hours": {},
        "services": {},
        "accessibility": _ACCESS_NOT_KNOWN,
        "closures": [
            {
                "starts_on": date(2020, 3, 23),
                "ends_on": None,
                "reason": (
                    "Closed while the building is rebuilt. The new library will have free internet."
                ),
            },
        ],
        "check_before_use": [
            "Reopening date not known; check before use.",
            "Closure start date approximate: sources only say it closed in 2020.",
            "Street number: sources give 26 and 36 Front Street; check before use.",
            "Hours for the new library not known (planned to open in business hours); "
            "add them when it reopens.",
            "No email given while closed; the council pattern would be "
            "tynemouth.library@northtyneside.gov.uk. Check before use.",
            "Services (Wi-Fi, PCs, help) to be added when it reopens.",
        ],
    },
]

# Town picker: a centre point for each North Tyneside town, sorted by name. Each
# centre is the position of that town's library from the list above (building
# outlines, or the 2017 list where that is all we have).
TOWNS = [
    # Battle Hill: the library position is disputed (see battle-hill-library).
    {"slug": "battle-hill", "name": "Battle Hill", "latitude": 55.0053, "longitude": -1.5187},
    # Benton has no library. We use the centre of the whole NE12 postcode district,
    # which also covers Killingworth, Forest Hall and Longbenton, so it sits north
    # of Benton itself; that Benton is in NE12 is itself unconfirmed. Check before use.
    {"slug": "benton", "name": "Benton", "latitude": 55.0247, "longitude": -1.5698},
    {"slug": "cullercoats", "name": "Cullercoats", "latitude": 55.0344, "longitude": -1.4366},
    # Dudley: John Willie Sams Centre Library.
    {"slug": "dudley", "name": "Dudley", "latitude": 55.0555, "longitude": -1.5956},
    {"slug": "forest-hall", "name": "Forest Hall", "latitude": 55.0225, "longitude": -1.5658},
    {"slug": "howdon", "name": "Howdon", "latitude": 54.9968, "longitude": -1.5029},
    {"slug": "killingworth", "name": "Killingworth", "latitude": 55.0360, "longitude": -1.5651},
    {"slug": "longbenton", "name": "Longbenton", "latitude": 55.0116, "longitude": -1.5865},
    {"slug": "monkseaton", "name": "Monkseaton", "latitude": 55.0403, "longitude": -1.4683},
    {"slug": "north-shields", "name": "North Shields", "latitude": 55.0098, "longitude": -1.4457},
    {"slug": "shiremoor", "name": "Shiremoor", "latitude": 55.0378, "longitude": -1.5069},
    # Tynemouth: the library is closed, but its site is still the town's centre.
    {"slug": "tynemouth", "name": "Tynemouth", "latitude": 55.0178, "longitude": -1.4227},
    {"slug": "wallsend", "name": "Wallsend", "latitude": 54.9917, "longitude": -1.5354},
    {"slug": "whitley-bay", "name": "Whitley Bay", "latitude": 55.0427, "longitude": -1.4457},
    {"slug": "wideopen", "name": "Wideopen", "latitude": 55.0460, "longitude": -1.6294},
]
