"""Word lists the bench database is made of: names, companies, roles, places, tags, note words.

The lists are deliberately broad (names from many languages, with accents; a few thousand
distinct words in notes) so that full-text figures measured on the bench database resemble
those of a real address book rather than of a handful of repeated words.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    """Items separated by commas or new lines; blanks dropped, order kept, repeats removed."""
    items = (item.strip() for line in text.splitlines() for item in line.split(","))
    return tuple(dict.fromkeys(item for item in items if item))


def _words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(text.split()))


FIRST_NAMES = _split("""
James, Mary, John, Patricia, Robert, Jennifer, Michael, Linda, William, Elizabeth, David, Barbara
Richard, Susan, Joseph, Jessica, Thomas, Sarah, Charles, Karen, Daniel, Nancy, Matthew, Lisa
Anthony, Betty, Mark, Margaret, Paul, Sandra, Steven, Ashley, Andrew, Emily, Kevin, Donna, Brian
Michelle, George, Carol, Edward, Amanda, Ryan, Melissa, Jacob, Deborah, Nicholas, Stephanie, Eric
Rebecca, Jonathan, Laura, Olivia, Emma, Ava, Charlotte, Liam, Noah, Oliver, Ethan, Lucas, Mason
Harper, Evelyn, Abigail, Chloe, Grace, Zoe, Nora, Hannah, Leah, Ruby, Isla, Freya, Sam, Alex, Jo
Sofía, María, Lucía, Valentina, Camila, Isabella, Martina, Daniela, Gabriela, Ximena, Alejandro
Mateo, Santiago, Diego, Javier, Carlos, José, Luis, Andrés, Pablo, Sergio, Raúl, Inés, Pilar
Guadalupe, Rocío, Jesús, Álvaro, Íñigo, Nicolás, João, Thiago, Gonçalo, Leonor, Beatriz, Mariana
Rafael, Tomás, Conceição, Amélie, Chloé, Élodie, Léa, Manon, Camille, Juliette, Océane, Mathis
Théo, Hugo, Louis, Étienne, Benoît, François, Hélène, Gaëlle, Jérôme, Noël, Zoë, Jürgen, Jörg
Lukas, Felix, Maximilian, Leonie, Lena, Anja, Katrin, Sören, Björn, Günther, Jana, Mia, Astrid
Ingrid, Sigrid, Linnéa, Åsa, Øystein, Mikael, Henrik, Lars, Nils, Elin, Freja, Søren, Giulia
Francesca, Chiara, Alessandro, Lorenzo, Matteo, Giovanni, Federica, Niccolò, Beatrice, Małgorzata
Agnieszka, Katarzyna, Wojciech, Łukasz, Piotr, Zofia, Jakub, Tomáš, Lenka, Jiří, Dušan, Dmitri
Olga, Natalia, Sergei, Anastasia, Ivan, Yulia, Oksana, Taras, Mykola, Svetlana, Alexei, Eleni
Nikos, Yiannis, Dimitra, Ayşe, Mehmet, Zeynep, Emre, Elif, Burak, Çağla, Gökhan, Mohammed, Ahmed
Fatima, Aisha, Omar, Yusuf, Layla, Hassan, Mariam, Karim, Nour, Reza, Dariush, Shirin, Parisa
Amir, Priya, Aarav, Ananya, Rohan, Vikram, Deepa, Arjun, Kavya, Sanjay, Lakshmi, Rahul, Neha
Aditya, Meera, Imran, Farah, Sunita, Ravi, Wei, Xiaoming, Li, Jing, Mei, Hao, Yuki, Haruto, Sakura
Ren, Aiko, Kenji, Hiroshi, Minji, Jiwoo, Seojun, Hyun, Jae, Thao, Minh, Linh, Huy, Chinedu, Ngozi
Oluwaseun, Adaeze, Kwame, Ama, Kofi, Abena, Tendai, Thandiwe, Sipho, Amara, Wanjiru, Kamau
Zainab, Babajide, Folake, Chiamaka, Yaw, Nia, Aroha, Tane, Keanu, Leilani, Malia, Siobhán, Aoife
Niamh, Seán, Ciarán, Eoin, Mairéad, Rhys, Gareth, Cerys, Dafydd, Ailsa, Callum, Fraser, Mhairi
Ilse, Wouter, Sanne, Joost, Femke, Bram, Lotte, Ruben, Noa, Yael, Avi, Tamar, Eitan, Shira, Ori
Esperanza, Catalina, Renata, Paloma, Emilio, Joaquín, Facundo, Agustina, Florencia, Benjamín
""")

LAST_NAMES = _split("""
Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernández
López, González, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Pérez, Thompson
White, Harris, Sánchez, Clark, Ramírez, Lewis, Robinson, Walker, Young, Allen, King, Wright
Scott, Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell
Carter, Roberts, O'Brien, O'Connor, McCarthy, Murphy, Kelly, Byrne, Müller, Schmidt, Schneider
Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer, Richter, Klein
Wolf, Dubois, Lefèvre, Moreau, Laurent, Simon, Michel, Lefebvre, Leroy, Roux, Fournier, Girard
Bonnet, Mercier, Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco
Bruno, Gallo, Conti, De Luca, Costa, Silva, Santos, Oliveira, Souza, Pereira, Ferreira, Almeida
Carvalho, Gonçalves, Rocha, Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński
Lewandowski, Zieliński, Szymański, Dvořák, Novák, Svoboda, Horváth, Nagy, Kovács, Szabó, Ivanov
Petrov, Smirnov, Kuznetsova, Popova, Sokolov, Shevchenko, Kovalenko, Bondarenko, Papadopoulos
Georgiou, Yılmaz, Kaya, Demir, Şahin, Çelik, Öztürk, Aydın, Haddad, Khalil, Nasser, Hussein
Rahman, Khan, Ali, Hosseini, Tehrani, Karimi, Patel, Sharma, Singh, Kumar, Gupta, Reddy, Iyer
Nair, Chatterjee, Banerjee, Desai, Mehta, Joshi, Rao, Chowdhury, Wang, Zhang, Liu, Chen, Yang
Huang, Zhao, Wu, Zhou, Xu, Sun, Ma, Zhu, Hu, Guo, Lin, Tanaka, Suzuki, Takahashi, Watanabe, Ito
Yamamoto, Nakamura, Kobayashi, Sato, Kato, Kim, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Tran
Le, Pham, Hoang, Phan, Vu, Dang, Bui, Okafor, Okonkwo, Adeyemi, Balogun, Eze, Mensah, Owusu
Boateng, Asante, Mwangi, Otieno, Kariuki, Ndlovu, Dlamini, Mokoena, Nkosi, Abebe, Tesfaye, Haile
Johansson, Andersson, Karlsson, Nilsson, Eriksson, Larsson, Hansen, Jensen, Nielsen, Pedersen
Olsen, Berg, Lindqvist, Virtanen, Korhonen, Mäkinen, Jansen, de Vries, van den Berg, Bakker
Visser, Smit, Peeters, Janssens, Maes, Van Dijk, Fernández, Ruiz, Díaz, Moreno, Muñoz, Álvarez
Romero, Navarro, Gutiérrez, Castillo, Vargas, Ortiz, Mendoza, Cruz, Reyes, Morales, Jiménez
Herrera, Medina, Aguilar, Kealoha, Ngata, Cohen, Levi, Mizrahi, Friedman, Katz, Goldberg
Ó Súilleabháin, Mac Giolla, Evans, Hughes, Morgan, Price, Llewellyn, MacDonald, Fraser, Stewart
Gallagher, Doyle, Brennan, Quinn, Sheikh, Qureshi, Siddiqui, Ansari, Farouk, Mansour, Abdullah
Tanaka-Smith, García-López, Müller-Lüdenscheidt, Kowalska, Nováková, Ishikawa, Fujita, Mori
""")

COMPANY_STEMS = _words("""
Acme Northwind Globex Initech Umbrella Contoso Fabrikam Tailspin Litware Wingtip Adventure
Blue Harbor Redwood Silverline Brightpath Cobalt Meridian Lumen Helix Quanta Vertex Nimbus
Orchard Granite Summit Beacon Keystone Atlas Polaris Horizon Cascade Evergreen Foxglove Juniper
Kestrel Lattice Mosaic Nova Onyx Pioneer Quill Riverbend Sable Tidal Umber Vantage Willow Xenon
Yarrow Zephyr Aurora Bramble Cinder Driftwood Ember Fjord Gossamer Hearth Ironbark Jasper Kiln
Lodestar Marigold Nettle Oakhurst Pinecrest Quarry Rosewood Saffron Thistle Upland Verdant
Wavelength Arbor Basalt Copperleaf Dunmore Elmstead Fernhill Goldcrest Hollowell Inkwell
""")

COMPANY_KINDS = _split("""
Labs, Systems, Health, Capital, Studio, Analytics, Robotics, Foods, Logistics, Bank, Partners
Group, Ventures, Software, Energy, Media, Bio, Consulting, Design, Insurance, Pharma, Motors
Architects, Legal, University, Hospital, Foundation, Games, Security, Cloud, Networks, Retail
Publishing, Records, Airlines, Telecom, Realty, Learning, Therapeutics, Dynamics, Works
""")

TITLES = _split("""
Software Engineer, Senior Software Engineer, Staff Engineer, Engineering Manager
VP Engineering, CTO, CEO, Founder, Co-founder, Product Manager, Senior Product Manager
Product Designer, UX Researcher, Data Scientist, Data Engineer, Machine Learning Engineer
Recruiter, Talent Partner, Account Executive, Sales Director, Marketing Manager, Growth Lead
Content Strategist, Journalist, Editor, Professor, PhD Student, Lecturer, Nurse, Physician
Surgeon, Pharmacist, Architect, Civil Engineer, Lawyer, Partner, Associate, Paralegal
Accountant, CFO, Financial Analyst, Investment Banker, Venture Capitalist, Angel Investor
Portfolio Manager, Operations Manager, COO, Chief of Staff, Project Manager, Program Manager
Consultant, Management Consultant, Teacher, Head Teacher, Librarian, Chef, Restaurant Owner
Photographer, Illustrator, Musician, Producer, Film Director, Writer, Translator, Policy Advisor
Economist, Researcher, Lab Manager, Biologist, Chemist, Physicist, Mechanical Engineer
Electrical Engineer, DevOps Engineer, Site Reliability Engineer, Security Engineer
Solutions Architect, Customer Success Manager, Support Engineer, HR Business Partner
Office Manager, Community Manager, Developer Advocate, Board Member, Advisor, Freelancer
Student, Retired, Head of Design, Head of People, Director of Finance, General Counsel
""")

CITIES = _split("""
Berlin, London, New York, San Francisco, São Paulo, Mexico City, Bogotá, Zürich, München
Kraków, Malmö, Reykjavík, Montréal, Québec, Paris, Lyon, Marseille, Madrid, Barcelona, Sevilla
Valencia, Lisbon, Porto, Rome, Milan, Turin, Naples, Amsterdam, Rotterdam, Utrecht, Brussels
Antwerp, Copenhagen, Aarhus, Stockholm, Göteborg, Oslo, Bergen, Helsinki, Tampere, Tallinn
Riga, Vilnius, Warsaw, Gdańsk, Wrocław, Prague, Brno, Vienna, Graz, Budapest, Bratislava
Ljubljana, Zagreb, Belgrade, Sofia, Bucharest, Athens, Thessaloniki, Istanbul, Ankara, İzmir
Tel Aviv, Haifa, Beirut, Amman, Cairo, Casablanca, Tunis, Lagos, Abuja, Accra, Nairobi, Kampala
Kigali, Addis Ababa, Johannesburg, Cape Town, Durban, Dubai, Abu Dhabi, Doha, Riyadh, Tehran
Karachi, Lahore, Mumbai, Delhi, Bengaluru, Chennai, Hyderabad, Pune, Kolkata, Dhaka, Colombo
Kathmandu, Singapore, Kuala Lumpur, Jakarta, Bangkok, Hanoi, Ho Chi Minh City, Manila
Hong Kong, Shenzhen, Shanghai, Beijing, Taipei, Seoul, Busan, Tokyo, Osaka, Kyoto, Sapporo
Sydney, Melbourne, Brisbane, Perth, Auckland, Wellington, Vancouver, Toronto, Ottawa, Calgary
Seattle, Portland, Oakland, Los Angeles, San Diego, Austin, Dallas, Houston, Denver, Chicago
Minneapolis, Detroit, Boston, Philadelphia, Pittsburgh, Washington, Atlanta, Miami, Nashville
Raleigh, Santiago, Buenos Aires, Montevideo, Lima, Quito, Medellín, Caracas, Havana, San Juan
Edinburgh, Glasgow, Manchester, Leeds, Bristol, Cardiff, Belfast, Dublin, Cork, Galway, Oxford
Cambridge, Brighton, Hamburg, Köln, Frankfurt, Stuttgart, Leipzig, Dresden, Düsseldorf, Bern
Genève, Lausanne, Basel, Luxembourg, Nice, Toulouse, Bordeaux, Nantes, Lille, Strasbourg
""")

TAGS = _split("""
investor, founder, mentor, mentee, recruiter, alumni, college, school, conference, meetup
python, rust, design, product, marketing, sales, climate, health, fintech, AI, open source
family, friend, neighbour, book club, climbing, running, cycling, chess, music, photography
podcast, journalist, speaker, board, client, former colleague, hiring, job search, volunteer
""")

EMAIL_DOMAINS = _split("""
gmail.com, outlook.com, yahoo.com, proton.me, icloud.com, hotmail.com, fastmail.com, gmx.de
web.de, orange.fr, libero.it, mail.ru, yandex.ru, qq.com, naver.com, posteo.de, hey.com
""")

# --- words of notes ------------------------------------------------------------------------

NOUNS = _words("""
idea plan project team company startup product launch meeting coffee lunch dinner breakfast call
email message question answer advice intro introduction referral contract offer role job position
career interview salary promotion manager colleague friend partner client customer user investor
founder mentor student teacher doctor lawyer designer engineer writer artist neighbour cousin
brother sister mother father daughter son husband wife kid baby dog cat garden house apartment flat
kitchen office studio lab warehouse factory shop bakery restaurant cafe bar hotel airport station
train flight trip holiday vacation weekend morning evening night week month year season spring
summer autumn winter birthday wedding funeral party reunion graduation anniversary festival concert
exhibition museum gallery theatre cinema film book novel article essay paper thesis report
presentation talk keynote workshop panel podcast episode newsletter blog post video photo picture
album song band guitar piano violin choir orchestra game match race marathon hike climb swim ride
bike boat sailing surfing skiing tennis football basketball cricket rugby golf yoga pilates gym
recipe cake bread pasta curry soup salad wine beer tea chocolate cheese market farm vineyard
village town city country island mountain lake river beach forest desert coast valley harbour
bridge tower church temple mosque library school university campus college course class lecture
exam degree diploma certificate scholarship grant budget invoice payment loan mortgage rent tax
pension insurance account bank fund portfolio stock share equity round valuation revenue profit
margin cost price discount deal pipeline funnel lead prospect campaign brand logo website app
platform feature release version bug outage incident migration database server cloud network
security privacy compliance regulation policy law court case patent license standard protocol
framework library tool stack language compiler kernel browser phone laptop tablet camera printer
drone robot sensor battery charger cable screen keyboard mouse chair desk lamp window door roof
wall floor stairs elevator car truck van bus tram subway taxi scooter bicycle map route road street
avenue square park playground stadium arena hospital clinic pharmacy surgery therapy treatment
diagnosis recovery injury illness allergy diet nutrition sleep stress burnout sabbatical leave
parental move relocation visa passport citizenship language accent dialect translation grammar
vocabulary history politics election campaign government ministry council committee board charity
nonprofit volunteer donation fundraiser auction gala award prize medal trophy competition
hackathon meetup conference summit retreat offsite standup retro sprint roadmap milestone deadline
deliverable goal objective metric target forecast estimate survey research experiment hypothesis
result finding insight pattern trend signal noise risk opportunity threat strength weakness
strategy tactic process workflow checklist template playbook handbook manual guide tutorial demo
prototype mockup sketch wireframe diagram chart spreadsheet dashboard report summary overview
feedback review critique compliment complaint apology thanks favour gift card letter postcard
package parcel delivery order subscription membership ticket reservation booking invitation rsvp
agenda schedule calendar reminder note memo draft outline chapter page paragraph sentence quote
story anecdote joke rumour news update announcement press interview podcast radio television
channel audience community forum group chat thread inbox calendar timezone deadline backlog
hiring onboarding offboarding layoff restructuring merger acquisition ipo exit pivot runway burn
seed series angel syndicate accelerator incubator cohort demo-day pitch deck memo term-sheet
cap-table board-seat advisor observer equity option vesting cliff bonus commission quota
territory region market segment niche vertical competitor rival ally supplier vendor contractor
agency freelancer consultant coach therapist nanny tutor landlord tenant roommate flatmate
""")

VERBS = _words("""
meet call email text visit help ask offer suggest recommend introduce connect invite join leave
start finish launch build design write edit read review publish share post present pitch sell buy
hire fire promote mentor coach teach learn study research test ship fix debug deploy migrate
refactor plan organise host attend speak moderate chair sponsor fund invest raise close sign
negotiate discuss explain mention promise forget remember confirm cancel reschedule postpone move
relocate travel fly drive cook bake grow paint draw sing play run climb swim cycle hike sail ski
train coordinate support celebrate congratulate thank apologise worry complain recover rest
struggle manage lead follow report track measure estimate forecast budget save spend borrow lend
donate volunteer adopt marry divorce retire graduate apply enrol register subscribe unsubscribe
translate interview survey analyse summarise outline sketch prototype demo iterate scale automate
optimise simplify document decide agree disagree argue convince persuade encourage inspire
challenge question answer listen chat catch text ping nudge reconnect update check confirm
""")

ADJECTIVES = _words("""
new old big small long short early late quick slow busy quiet calm happy sad tired excited
nervous curious generous kind funny smart sharp thoughtful careful honest direct shy warm friendly
helpful patient ambitious creative practical technical strategic senior junior remote local
international regional national global public private open closed free expensive cheap fair
great good bad terrible amazing brilliant solid strong weak clear vague simple complex difficult
easy hard important urgent minor major critical fresh stale recent previous next final first last
second third annual monthly weekly daily quarterly early-stage late-stage profitable bootstrapped
funded stealth hybrid distributed agile lean messy tidy noisy crowded cosy lovely beautiful ugly
delicious spicy sweet bitter sour salty vegan vegetarian gluten-free organic seasonal homemade
green sustainable renewable digital analog mobile wireless secure fragile robust reliable flaky
promising risky bold modest humble proud loyal reliable punctual chaotic organised relaxed
stressed overwhelmed grateful optimistic sceptical cautious enthusiastic reluctant keen eager
""")

ADVERBS = _words("""
really quite very rather briefly quickly slowly finally recently already still again soon later
maybe probably definitely honestly apparently luckily sadly happily warmly politely casually
""")

TOPICS = _split("""
pricing strategy, hiring plan, fundraising, onboarding flow, product roadmap, GDPR compliance
Kubernetes migration, accessibility audit, remote work, four-day week, parental leave, burnout
climate tech, carbon accounting, battery storage, solar panels, heat pumps, electric vehicles
machine learning, large language models, computer vision, recommender systems, data privacy
open source licensing, developer experience, design systems, typography, user research
customer interviews, churn, retention, enterprise sales, partnerships, go-to-market, SEO
content marketing, community building, event planning, public speaking, writing a book
negotiating salary, career change, going freelance, starting a company, selling the company
board governance, equity splits, employee options, angel investing, impact investing
real estate, mortgages, renovation, gardening, beekeeping, sourdough, fermentation, wine
natural wine, specialty coffee, marathon training, triathlon, bouldering, sailing lessons
learning Japanese, learning Spanish, sign language, jazz piano, film photography, pottery
woodworking, chess openings, board games, video games, science fiction, poetry, philosophy
history of science, urban planning, public transport, housing policy, education reform
healthcare costs, mental health, sleep science, nutrition, longevity, parenting, homeschooling
immigration, visas, moving abroad, dual citizenship, tax residency, pensions, retirement
""")

HOBBIES = _split("""
rock climbing, trail running, cycling, surfing, skiing, snowboarding, yoga, pilates, boxing
tennis, padel, squash, badminton, table tennis, football, basketball, volleyball, rowing
kayaking, sailing, scuba diving, birdwatching, hiking, camping, fishing, gardening, baking
cooking, knitting, sewing, pottery, painting, drawing, calligraphy, photography, filmmaking
writing, poetry, reading, chess, go, bridge, crosswords, board games, video games, coding
robotics, astronomy, amateur radio, woodworking, furniture restoration, vintage cars
motorbikes, horse riding, dancing, salsa, tango, swing dance, choir, jazz, opera, DJing
""")

EVENTS = _split("""
PyCon, EuroPython, FOSDEM, Web Summit, SXSW, Slush, RightsCon, NeurIPS, KubeCon, JSConf
a wedding, a birthday party, a dinner party, a school reunion, a charity gala, a hackathon
a product meetup, a founders' breakfast, a book launch, an art opening, the gym, a climbing wall
a coworking space, a friend's barbecue, a flight to Lisbon, a train to Paris, a climate march
a parents' evening, a football match, a yoga retreat, a startup weekend, a pitch night
""")

FOODS = _split("""
ramen, tapas, dim sum, pho, sushi, pizza, tacos, burritos, falafel, shawarma, curry, biryani
dumplings, pierogi, paella, risotto, bibimbap, poke, fish and chips, croissants, pastries
""")

PREPOSITIONS = _words("about with for from after before during around near at on in over under")
PRONOUNS = ("She", "He", "They")
