// The embedded default corpus: 354 short German→English sentence pairs written for seqgrad (not
// taken from any dataset), in the style of "die Katze sitzt auf dem Tisch": 12 subjects × place,
// object, adjective and food patterns, pronoun sentences, negations and questions, so that
// attention has words to align. Tab-separated like the Tatoeba files: German<TAB>English.
export const DE_EN_TSV: string = `
Der Hund steht unter der Tür.	The dog stands under the door.
Der Hund spielt vor der Tür.	The dog plays in front of the door.
Der Hund sitzt hinter dem Fenster.	The dog sits behind the window.
Der Hund spielt vor dem Sofa.	The dog plays in front of the sofa.
Der Hund steht auf dem Haus.	The dog stands on the house.
Der Hund liegt unter dem Fenster.	The dog lies under the window.
Der Hund spielt in der Schule.	The dog plays in the school.
Der Hund sitzt im Park.	The dog sits in the park.
Der Hund wartet in der Küche.	The dog waits in the kitchen.
Der Hund mag das Mädchen.	The dog likes the girl.
Der Hund liebt den Lehrer.	The dog loves the teacher.
Der Hund hört das Mädchen.	The dog hears the girl.
Der Hund findet das Kind.	The dog finds the child.
Der Hund sucht die Frau.	The dog looks for the woman.
Der Hund hört den Jungen.	The dog hears the boy.
Der Hund ist traurig.	The dog is sad.
Der Hund ist jung.	The dog is young.
Der Hund ist schnell.	The dog is fast.
Der Hund ist müde.	The dog is tired.
Der Hund isst das Ei.	The dog eats the egg.
Der Hund trinkt die Milch.	The dog drinks the milk.
Der Hund trinkt den Saft.	The dog drinks the juice.
Der Hund trinkt das Wasser.	The dog drinks the water.
Die Katze schläft auf der Tür.	The cat sleeps on the door.
Die Katze liegt vor dem Stuhl.	The cat lies in front of the chair.
Die Katze liegt neben dem Baum.	The cat lies next to the tree.
Die Katze spielt neben dem Tisch.	The cat plays next to the table.
Die Katze liegt auf der Tür.	The cat lies on the door.
Die Katze sitzt unter dem Stuhl.	The cat sits under the chair.
Die Katze schläft in der Küche.	The cat sleeps in the kitchen.
Die Katze wartet im Park.	The cat waits in the park.
Die Katze steht in der Schule.	The cat stands in the school.
Die Katze ruft das Pferd.	The cat calls the horse.
Die Katze sieht den Vogel.	The cat sees the bird.
Die Katze hört den Jungen.	The cat hears the boy.
Die Katze füttert die Frau.	The cat feeds the woman.
Die Katze hört die Mutter.	The cat hears the mother.
Die Katze sucht den Jungen.	The cat looks for the boy.
Die Katze ist traurig.	The cat is sad.
Die Katze ist glücklich.	The cat is happy.
Die Katze ist gross.	The cat is big.
Die Katze trinkt die Milch.	The cat drinks the milk.
Die Katze trinkt den Kaffee.	The cat drinks the coffee.
Die Katze isst den Käse.	The cat eats the cheese.
Die Katze trinkt den Tee.	The cat drinks the tea.
Das Kind sitzt neben der Tür.	The child sits next to the door.
Das Kind spielt neben der Tür.	The child plays next to the door.
Das Kind sitzt hinter dem Tisch.	The child sits behind the table.
Das Kind liegt neben der Brücke.	The child lies next to the bridge.
Das Kind liegt hinter dem Stuhl.	The child lies behind the chair.
Das Kind spielt neben dem Baum.	The child plays next to the tree.
Das Kind sitzt in der Küche.	The child sits in the kitchen.
Das Kind wartet in der Schule.	The child waits in the school.
Das Kind ruft den Lehrer.	The child calls the teacher.
Das Kind mag den Hund.	The child likes the dog.
Das Kind mag den Jungen.	The child likes the boy.
Das Kind füttert das Pferd.	The child feeds the horse.
Das Kind füttert den Jungen.	The child feeds the boy.
Das Kind füttert die Mutter.	The child feeds the mother.
Das Kind ist glücklich.	The child is happy.
Das Kind ist klein.	The child is small.
Das Kind ist hungrig.	The child is hungry.
Das Kind ist müde.	The child is tired.
Das Kind trinkt den Tee.	The child drinks the tea.
Das Kind isst den Käse.	The child eats the cheese.
Das Kind isst den Kuchen.	The child eats the cake.
Das Kind isst das Brot.	The child eats the bread.
Der Mann sitzt neben dem Auto.	The man sits next to the car.
Der Mann steht neben der Brücke.	The man stands next to the bridge.
Der Mann spielt unter dem Baum.	The man plays under the tree.
Der Mann schläft auf der Brücke.	The man sleeps on the bridge.
Der Mann liegt auf der Tür.	The man lies on the door.
Der Mann liegt auf dem Bett.	The man lies on the bed.
Der Mann sitzt im Garten.	The man sits in the garden.
Der Mann wartet im Haus.	The man waits in the house.
Der Mann wartet in der Küche.	The man waits in the kitchen.
Der Mann sucht den Jungen.	The man looks for the boy.
Der Mann liebt die Frau.	The man loves the woman.
Der Mann sieht den Lehrer.	The man sees the teacher.
Der Mann mag die Mutter.	The man likes the mother.
Der Mann sucht das Kind.	The man looks for the child.
Der Mann ruft die Mutter.	The man calls the mother.
Der Mann ist müde.	The man is tired.
Der Mann ist schnell.	The man is fast.
Der Mann ist alt.	The man is old.
Der Mann ist krank.	The man is sick.
Der Mann isst die Suppe.	The man eats the soup.
Der Mann trinkt den Tee.	The man drinks the tea.
Der Mann trinkt den Kaffee.	The man drinks the coffee.
Der Mann isst den Apfel.	The man eats the apple.
Die Frau steht auf dem Bett.	The woman stands on the bed.
Die Frau schläft neben dem Sofa.	The woman sleeps next to the sofa.
Die Frau steht vor dem Haus.	The woman stands in front of the house.
Die Frau liegt neben dem Baum.	The woman lies next to the tree.
Die Frau schläft unter dem Auto.	The woman sleeps under the car.
Die Frau spielt vor dem Baum.	The woman plays in front of the tree.
Die Frau spielt in der Küche.	The woman plays in the kitchen.
Die Frau sitzt im Park.	The woman sits in the park.
Die Frau schläft in der Schule.	The woman sleeps in the school.
Die Frau liebt den Hund.	The woman loves the dog.
Die Frau hört das Mädchen.	The woman hears the girl.
Die Frau sucht den Lehrer.	The woman looks for the teacher.
Die Frau mag die Mutter.	The woman likes the mother.
Die Frau füttert die Mutter.	The woman feeds the mother.
Die Frau findet den Jungen.	The woman finds the boy.
Die Frau ist glücklich.	The woman is happy.
Die Frau ist krank.	The woman is sick.
Die Frau ist alt.	The woman is old.
Die Frau ist schnell.	The woman is fast.
Die Frau trinkt den Kaffee.	The woman drinks the coffee.
Die Frau trinkt das Wasser.	The woman drinks the water.
Die Frau isst die Suppe.	The woman eats the soup.
Das Mädchen liegt hinter dem Fenster.	The girl lies behind the window.
Das Mädchen spielt neben der Brücke.	The girl plays next to the bridge.
Das Mädchen liegt auf dem Stuhl.	The girl lies on the chair.
Das Mädchen spielt vor dem Stuhl.	The girl plays in front of the chair.
Das Mädchen steht vor dem Bett.	The girl stands in front of the bed.
Das Mädchen wartet in der Schule.	The girl waits in the school.
Das Mädchen wartet in der Küche.	The girl waits in the kitchen.
Das Mädchen sitzt im Garten.	The girl sits in the garden.
Das Mädchen sucht den Mann.	The girl looks for the man.
Das Mädchen hört den Jungen.	The girl hears the boy.
Das Mädchen sieht den Mann.	The girl sees the man.
Das Mädchen füttert den Lehrer.	The girl feeds the teacher.
Das Mädchen sucht den Hund.	The girl looks for the dog.
Das Mädchen mag die Maus.	The girl likes the mouse.
Das Mädchen ist jung.	The girl is young.
Das Mädchen ist glücklich.	The girl is happy.
Das Mädchen ist hungrig.	The girl is hungry.
Das Mädchen ist klein.	The girl is small.
Das Mädchen trinkt den Tee.	The girl drinks the tea.
Das Mädchen trinkt den Kaffee.	The girl drinks the coffee.
Das Mädchen isst den Apfel.	The girl eats the apple.
Der Junge steht neben dem Tisch.	The boy stands next to the table.
Der Junge spielt vor dem Fenster.	The boy plays in front of the window.
Der Junge liegt auf der Tür.	The boy lies on the door.
Der Junge spielt neben dem Baum.	The boy plays next to the tree.
Der Junge spielt vor dem Baum.	The boy plays in front of the tree.
Der Junge steht neben dem Haus.	The boy stands next to the house.
Der Junge wartet im Haus.	The boy waits in the house.
Der Junge liegt in der Küche.	The boy lies in the kitchen.
Der Junge sitzt im Garten.	The boy sits in the garden.
Der Junge findet das Mädchen.	The boy finds the girl.
Der Junge mag den Hund.	The boy likes the dog.
Der Junge sieht die Mutter.	The boy sees the mother.
Der Junge findet den Vogel.	The boy finds the bird.
Der Junge liebt die Maus.	The boy loves the mouse.
Der Junge füttert den Lehrer.	The boy feeds the teacher.
Der Junge ist traurig.	The boy is sad.
Der Junge ist glücklich.	The boy is happy.
Der Junge ist klein.	The boy is small.
Der Junge trinkt die Milch.	The boy drinks the milk.
Der Junge trinkt den Tee.	The boy drinks the tea.
Der Junge isst den Käse.	The boy eats the cheese.
Der Vogel sitzt auf dem Auto.	The bird sits on the car.
Der Vogel schläft neben dem Tisch.	The bird sleeps next to the table.
Der Vogel spielt neben der Tür.	The bird plays next to the door.
Der Vogel spielt vor dem Fenster.	The bird plays in front of the window.
Der Vogel liegt unter dem Fenster.	The bird lies under the window.
Der Vogel sitzt auf der Brücke.	The bird sits on the bridge.
Der Vogel schläft in der Schule.	The bird sleeps in the school.
Der Vogel steht in der Küche.	The bird stands in the kitchen.
Der Vogel sitzt im Garten.	The bird sits in the garden.
Der Vogel ruft den Jungen.	The bird calls the boy.
Der Vogel füttert den Hund.	The bird feeds the dog.
Der Vogel mag das Kind.	The bird likes the child.
Der Vogel sieht die Katze.	The bird sees the cat.
Der Vogel sieht den Mann.	The bird sees the man.
Der Vogel findet die Katze.	The bird finds the cat.
Der Vogel ist jung.	The bird is young.
Der Vogel ist traurig.	The bird is sad.
Der Vogel ist gross.	The bird is big.
Der Vogel ist schnell.	The bird is fast.
Der Vogel trinkt den Tee.	The bird drinks the tea.
Der Vogel isst den Apfel.	The bird eats the apple.
Der Vogel isst den Käse.	The bird eats the cheese.
Der Vogel trinkt den Kaffee.	The bird drinks the coffee.
Das Pferd liegt neben dem Stuhl.	The horse lies next to the chair.
Das Pferd steht auf dem Stuhl.	The horse stands on the chair.
Das Pferd liegt unter dem Baum.	The horse lies under the tree.
Das Pferd schläft auf dem Tisch.	The horse sleeps on the table.
Das Pferd spielt auf dem Haus.	The horse plays on the house.
Das Pferd spielt hinter dem Bett.	The horse plays behind the bed.
Das Pferd sitzt in der Küche.	The horse sits in the kitchen.
Das Pferd spielt im Haus.	The horse plays in the house.
Das Pferd schläft in der Schule.	The horse sleeps in the school.
Das Pferd mag die Katze.	The horse likes the cat.
Das Pferd mag den Vogel.	The horse likes the bird.
Das Pferd hört die Frau.	The horse hears the woman.
Das Pferd hört den Vogel.	The horse hears the bird.
Das Pferd ruft den Hund.	The horse calls the dog.
Das Pferd ruft den Lehrer.	The horse calls the teacher.
Das Pferd ist schnell.	The horse is fast.
Das Pferd ist krank.	The horse is sick.
Das Pferd ist alt.	The horse is old.
Das Pferd ist jung.	The horse is young.
Das Pferd isst die Suppe.	The horse eats the soup.
Das Pferd isst den Kuchen.	The horse eats the cake.
Das Pferd trinkt den Tee.	The horse drinks the tea.
Das Pferd isst den Käse.	The horse eats the cheese.
Die Maus spielt neben dem Sofa.	The mouse plays next to the sofa.
Die Maus schläft hinter dem Haus.	The mouse sleeps behind the house.
Die Maus spielt hinter dem Auto.	The mouse plays behind the car.
Die Maus sitzt neben dem Fenster.	The mouse sits next to the window.
Die Maus liegt neben dem Bett.	The mouse lies next to the bed.
Die Maus spielt unter dem Tisch.	The mouse plays under the table.
Die Maus sitzt in der Schule.	The mouse sits in the school.
Die Maus liegt im Garten.	The mouse lies in the garden.
Die Maus wartet in der Küche.	The mouse waits in the kitchen.
Die Maus liebt das Kind.	The mouse loves the child.
Die Maus liebt die Frau.	The mouse loves the woman.
Die Maus sucht die Frau.	The mouse looks for the woman.
Die Maus füttert das Mädchen.	The mouse feeds the girl.
Die Maus füttert den Vogel.	The mouse feeds the bird.
Die Maus ist glücklich.	The mouse is happy.
Die Maus ist traurig.	The mouse is sad.
Die Maus ist schnell.	The mouse is fast.
Die Maus ist alt.	The mouse is old.
Die Maus trinkt das Wasser.	The mouse drinks the water.
Die Maus trinkt die Milch.	The mouse drinks the milk.
Die Maus isst den Apfel.	The mouse eats the apple.
Die Maus trinkt den Tee.	The mouse drinks the tea.
Der Lehrer steht hinter dem Baum.	The teacher stands behind the tree.
Der Lehrer steht neben dem Tisch.	The teacher stands next to the table.
Der Lehrer spielt auf dem Tisch.	The teacher plays on the table.
Der Lehrer liegt unter dem Bett.	The teacher lies under the bed.
Der Lehrer liegt neben dem Haus.	The teacher lies next to the house.
Der Lehrer spielt im Garten.	The teacher plays in the garden.
Der Lehrer steht im Garten.	The teacher stands in the garden.
Der Lehrer schläft in der Küche.	The teacher sleeps in the kitchen.
Der Lehrer sieht die Katze.	The teacher sees the cat.
Der Lehrer mag die Mutter.	The teacher likes the mother.
Der Lehrer ruft die Maus.	The teacher calls the mouse.
Der Lehrer hört die Maus.	The teacher hears the mouse.
Der Lehrer sieht das Pferd.	The teacher sees the horse.
Der Lehrer hört die Frau.	The teacher hears the woman.
Der Lehrer ist alt.	The teacher is old.
Der Lehrer ist schnell.	The teacher is fast.
Der Lehrer ist traurig.	The teacher is sad.
Der Lehrer trinkt das Wasser.	The teacher drinks the water.
Der Lehrer trinkt den Tee.	The teacher drinks the tea.
Der Lehrer isst das Brot.	The teacher eats the bread.
Die Mutter spielt unter dem Bett.	The mother plays under the bed.
Die Mutter schläft hinter der Brücke.	The mother sleeps behind the bridge.
Die Mutter steht hinter dem Bett.	The mother stands behind the bed.
Die Mutter spielt auf der Tür.	The mother plays on the door.
Die Mutter steht auf dem Haus.	The mother stands on the house.
Die Mutter schläft hinter der Tür.	The mother sleeps behind the door.
Die Mutter liegt in der Schule.	The mother lies in the school.
Die Mutter steht in der Schule.	The mother stands in the school.
Die Mutter füttert den Hund.	The mother feeds the dog.
Die Mutter liebt den Lehrer.	The mother loves the teacher.
Die Mutter findet den Mann.	The mother finds the man.
Die Mutter sucht die Katze.	The mother looks for the cat.
Die Mutter sucht den Mann.	The mother looks for the man.
Die Mutter liebt den Mann.	The mother loves the man.
Die Mutter ist schnell.	The mother is fast.
Die Mutter ist müde.	The mother is tired.
Die Mutter ist glücklich.	The mother is happy.
Die Mutter trinkt den Tee.	The mother drinks the tea.
Die Mutter isst den Kuchen.	The mother eats the cake.
Die Mutter isst das Brot.	The mother eats the bread.
Die Mutter trinkt den Kaffee.	The mother drinks the coffee.
Ich bin alt.	I am old.
Ich bin klein.	I am small.
Ich bin glücklich.	I am happy.
Ich bin krank.	I am sick.
Ich bin jung.	I am young.
Du bist schnell.	You are fast.
Du bist gross.	You are big.
Du bist alt.	You are old.
Du bist jung.	You are young.
Du bist traurig.	You are sad.
Er ist krank.	He is sick.
Er ist klein.	He is small.
Er ist glücklich.	He is happy.
Er ist jung.	He is young.
Sie ist jung.	She is young.
Sie ist traurig.	She is sad.
Sie ist gross.	She is big.
Wir sind traurig.	We are sad.
Wir sind klein.	We are small.
Wir sind glücklich.	We are happy.
Wir sind schnell.	We are fast.
Wir sind krank.	We are sick.
Ihr seid glücklich.	You are happy.
Ihr seid alt.	You are old.
Ihr seid müde.	You are tired.
Ihr seid traurig.	You are sad.
Sie sind schnell.	They are fast.
Sie sind müde.	They are tired.
Sie sind alt.	They are old.
Die Mutter ist nicht glücklich.	The mother is not happy.
Die Frau ist nicht jung.	The woman is not young.
Der Lehrer ist nicht krank.	The teacher is not sick.
Das Pferd ist nicht hungrig.	The horse is not hungry.
Die Katze ist nicht traurig.	The cat is not sad.
Der Vogel ist nicht jung.	The bird is not young.
Das Mädchen ist nicht klein.	The girl is not small.
Das Pferd ist nicht traurig.	The horse is not sad.
Der Lehrer ist nicht müde.	The teacher is not tired.
Die Maus ist nicht schnell.	The mouse is not fast.
Der Hund ist nicht müde.	The dog is not tired.
Der Junge ist nicht glücklich.	The boy is not happy.
Das Mädchen ist nicht gross.	The girl is not big.
Der Junge ist nicht jung.	The boy is not young.
Die Frau ist nicht müde.	The woman is not tired.
Der Junge ist nicht traurig.	The boy is not sad.
Der Hund ist nicht glücklich.	The dog is not happy.
Der Lehrer ist nicht klein.	The teacher is not small.
Der Vogel ist nicht traurig.	The bird is not sad.
Der Mann ist nicht alt.	The man is not old.
Die Frau ist nicht alt.	The woman is not old.
Das Mädchen ist nicht krank.	The girl is not sick.
Das Kind ist nicht krank.	The child is not sick.
Wo ist das Pferd?	Where is the horse?
Wo ist die Mutter?	Where is the mother?
Wo ist die Katze?	Where is the cat?
Wo ist der Mann?	Where is the man?
Wo ist das Kind?	Where is the child?
Wo ist der Hund?	Where is the dog?
Wo ist die Frau?	Where is the woman?
Wo ist die Maus?	Where is the mouse?
Wo ist das Mädchen?	Where is the girl?
Wo ist der Lehrer?	Where is the teacher?
Wo ist der Vogel?	Where is the bird?
Wo ist der Junge?	Where is the boy?
Ist der Lehrer schnell?	Is the teacher fast?
Ist die Katze gross?	Is the cat big?
Ist die Frau krank?	Is the woman sick?
Ist das Kind hungrig?	Is the child hungry?
Ist das Pferd glücklich?	Is the horse happy?
Ist der Vogel schnell?	Is the bird fast?
Ist der Lehrer hungrig?	Is the teacher hungry?
Ist der Hund hungrig?	Is the dog hungry?
Ist die Katze jung?	Is the cat young?
Ist das Kind schnell?	Is the child fast?
Ist der Hund gross?	Is the dog big?
Ist der Junge jung?	Is the boy young?
Ist das Pferd krank?	Is the horse sick?
Ist das Mädchen glücklich?	Is the girl happy?
Ist das Kind gross?	Is the child big?
Ist das Pferd klein?	Is the horse small?
Ist der Mann klein?	Is the man small?
Ist die Maus traurig?	Is the mouse sad?
Ist der Mann gross?	Is the man big?
Ist der Hund müde?	Is the dog tired?
Ist der Lehrer jung?	Is the teacher young?
Ist das Kind jung?	Is the child young?
Ist der Vogel krank?	Is the bird sick?
Ist die Frau traurig?	Is the woman sad?
Ist die Frau hungrig?	Is the woman hungry?
Ist das Mädchen jung?	Is the girl young?
Ist der Hund glücklich?	Is the dog happy?
`;
