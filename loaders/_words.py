"""Small built-in word lists for synthetic bundles (ASCII, no commas or quotes)."""

from __future__ import annotations

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Charles", "Karen", "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
    "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily",
    "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
    "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Sharon",
    "Edward", "Laura", "Jeffrey", "Cynthia", "Ryan", "Amy", "Jacob", "Kathleen", "Gary", "Angela",
    "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda", "Stephen", "Pamela", "Larry",
    "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon", "Samantha", "Benjamin", "Katherine",
    "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Patrick", "Carolyn", "Frank",
    "Janet", "Raymond", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry", "Diane", "Tyler",
    "Julie", "Aaron", "Joyce", "Priya", "Wei", "Aisha", "Mateo", "Yuki", "Lars", "Fatima", "Diego",
    "Ingrid", "Kwame", "Sofia", "Arjun", "Mei", "Omar", "Chloe", "Hiroshi", "Elena", "Tariq", "Ana",
    "Noah", "Leila", "Ravi", "Zoe", "Liam", "Nora", "Felix", "Hannah", "Oscar", "Maya", "Hugo",
    "Clara", "Luca", "Ines", "Tomas", "Freya", "Jonas", "Amara",
)

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
    "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
    "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
    "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker",
    "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales", "Murphy", "Cook",
    "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey", "Reed", "Kelly",
    "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez", "Wood",
    "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
    "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Muller", "Schmidt",
    "Schneider", "Fischer", "Weber", "Becker", "Rossi", "Russo", "Ferrari", "Bianchi", "Dubois",
    "Laurent", "Moreau", "Tanaka", "Suzuki", "Sato", "Watanabe", "Wang", "Li", "Zhang", "Chen",
    "Liu", "Singh", "Kumar", "Sharma", "Gupta", "Okafor", "Mensah", "Andersson", "Johansson",
    "Nielsen", "Jensen", "Novak", "Kowalski", "Silva", "Santos", "Oliveira", "Costa", "Cohen",
    "Levi",
)

CITIES = (
    "San Francisco", "New York", "Seattle", "Austin", "Boston", "Chicago", "Denver",
    "Los Angeles", "Atlanta", "Toronto", "Vancouver", "Mexico City", "Sao Paulo",
    "Buenos Aires", "London", "Dublin", "Paris", "Berlin", "Munich", "Amsterdam", "Stockholm",
    "Copenhagen", "Zurich", "Madrid", "Barcelona", "Milan", "Warsaw", "Tel Aviv", "Dubai",
    "Bangalore", "Mumbai", "Singapore", "Tokyo", "Seoul", "Shanghai", "Sydney", "Melbourne",
    "Auckland", "Lagos", "Nairobi", "Cape Town", "Cairo",
)

COMPANY_WORDS = (
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Soylent", "Vandelay",
    "Tyrell", "Cyberdyne", "Wonka", "Northwind", "Contoso", "Fabrikam", "Aperture", "Gringotts",
    "Massive", "Dynamic", "Oscorp", "Pied", "Piper", "Blue", "River", "Red", "Rock", "Silver",
    "Lake", "Green", "Field", "Iron", "Gate", "Bright", "Path", "Clear", "Sky", "Deep", "Well",
    "North", "Star", "Summit", "Keystone", "Pinnacle", "Horizon", "Meridian", "Vertex", "Quantum",
    "Nimbus", "Helix", "Vector", "Atlas", "Orion", "Lumen", "Apex", "Cobalt", "Crimson", "Falcon",
    "Harbor", "Juniper", "Maple", "Nova", "Onyx", "Quartz", "Sierra", "Tundra", "Willow", "Zephyr",
    "Beacon", "Catalyst", "Ember", "Granite", "Lattice", "Mosaic", "Polaris", "Redwood",
)

# (suffix, industry)
COMPANY_KINDS = (
    ("Labs", "Software"), ("Systems", "Software"), ("Software", "Software"),
    ("Analytics", "Data & Analytics"), ("Data", "Data & Analytics"),
    ("AI", "Artificial Intelligence"),
    ("Cloud", "Cloud Infrastructure"), ("Networks", "Telecommunications"),
    ("Security", "Cybersecurity"), ("Health", "Healthcare"), ("Pharma", "Pharmaceuticals"),
    ("Bio", "Biotechnology"), ("Capital", "Financial Services"), ("Bank", "Banking"),
    ("Insurance", "Insurance"), ("Payments", "Fintech"), ("Logistics", "Logistics"),
    ("Freight", "Transportation"), ("Motors", "Automotive"), ("Energy", "Energy"),
    ("Solar", "Renewable Energy"), ("Foods", "Food & Beverage"), ("Retail", "Retail"),
    ("Media", "Media"), ("Studios", "Entertainment"), ("Robotics", "Manufacturing"),
    ("Industries", "Manufacturing"), ("Consulting", "Professional Services"),
    ("Partners", "Professional Services"), ("Education", "Education"),
)

TLDS = ("com", "com", "com", "io", "co", "ai", "net", "de", "co.uk", "fr")

# (title, relative frequency); the last ones are senior and go to well-connected people
TITLES = (
    ("Software Engineer", 14), ("Senior Software Engineer", 10), ("Data Scientist", 5),
    ("Data Engineer", 4), ("Product Manager", 5), ("Product Designer", 3),
    ("Account Executive", 5), ("Sales Development Representative", 3),
    ("Customer Success Manager", 4), ("Marketing Manager", 4), ("Financial Analyst", 3),
    ("Operations Manager", 3), ("Recruiter", 2), ("Solutions Architect", 3),
    ("DevOps Engineer", 3), ("Security Engineer", 2), ("Business Analyst", 3),
    ("Consultant", 3), ("Engineering Manager", 4), ("Senior Product Manager", 2),
    ("Director of Engineering", 2), ("Director of Sales", 1), ("Head of Marketing", 1),
    ("Head of Data", 1), ("VP Engineering", 1), ("VP Sales", 1), ("Chief Technology Officer", 1),
    ("Chief Executive Officer", 1), ("Chief Financial Officer", 1),
)
SENIOR_TITLES = 9  # the last nine titles

REP_TITLES = (
    "Account Executive", "Senior Account Executive", "Enterprise Account Executive",
    "Sales Development Representative", "Account Manager", "Regional Sales Director",
)

TAGS = (
    "vip", "investor", "alumni", "speaker", "partner", "press", "board", "advisor",
    "beta-tester", "ex-colleague", "conference", "champion-prospect",
)

PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com")

TOPICS = (
    "Data Engineering", "RevOps", "Product Management", "Cloud Security", "DevOps",
    "Machine Learning", "Sales Leadership", "Customer Success", "Growth Marketing", "FinOps",
    "Design Systems", "Open Source", "Platform Engineering", "Analytics", "Fintech",
    "Healthtech", "Climate Tech", "Women in Tech", "Founders", "Startup", "AI Builders",
    "SRE", "Frontend", "Python", "Rust", "Kubernetes", "Payments", "Supply Chain", "Martech",
    "People Ops",
)

COMMUNITY_FORMATS = {
    "group": ("{city} {topic} Meetup", "www.meetup.com"),
    "forum": ("{topic} Forum", "forum.{slug}.org"),
    "event": ("{topic} Summit {year}", "events.{slug}.com"),
    "customer_community": ("{our} {topic} Customer Council", "community.{our_slug}.com"),
    "other": ("{topic} Slack", "{slug}.slack.com"),
}

ROLES = (("member", 88), ("moderator", 4), ("organizer", 3), ("speaker", 3), ("admin", 2))

PRODUCTS = ("Platform", "Analytics", "Enterprise", "Team", "Premium Support", "Data Cloud")
DEAL_TYPES = ("new business", "expansion", "renewal", "pilot", "upsell")
